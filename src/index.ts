// First, so the heap settings apply before any other module allocates.
import './heap-tuning.ts';
import * as core from '@actions/core';
import { redactSecrets } from './common/untrusted-text.ts';
import { guardTar, TAR_GUARD_FLAG } from './cache/tar-guard.ts';

if (process.argv[2] === TAR_GUARD_FLAG) {
  // Started again by `@actions/cache` as its `tar` while the cache is restored (cache/guarded-restore.ts).
  process.exit(await guardTar(process.argv[3] ?? '', process.argv.slice(4)));
}

try {
  const { run } = await import('./main.ts');
  await run();
} catch (error) {
  // The toolkit escapes the message's line breaks; a secret in an unexpected error is still not shown.
  core.setFailed(redactSecrets(error instanceof Error ? error.message : String(error)));
}
// Work given up on at its deadline may still hold the event loop: a cache call retrying on timers of its own, an
// artifact upload (that client cannot be cancelled) holding a socket. It must not keep the job's step running, and
// nothing else is pending once run() has returned.
setTimeout(() => process.exit(), 2_000).unref();
