import * as core from '@actions/core';
import { cacheWorkAbandoned } from './cache/actions-cache-store.ts';
import { run } from './main.ts';
import { redactSecrets } from './untrusted-text.ts';

try {
  await run();
} catch (error) {
  // The toolkit escapes the message's line breaks; a secret in an unexpected error is still not shown.
  core.setFailed(redactSecrets(error instanceof Error ? error.message : String(error)));
}
// A cache call given up on may still be retrying on timers of its own; everything else has finished.
if (cacheWorkAbandoned()) process.exit();
// A publishing step abandoned at its deadline (the artifact client cannot be cancelled) may still hold a socket:
// it must not keep the job's step running. Nothing else is pending once run() has returned.
setTimeout(() => process.exit(), 2_000).unref();
