import * as core from '@actions/core';
import { run } from './main.ts';
import { redactSecrets } from './untrusted-text.ts';

try {
  await run();
} catch (error) {
  // The toolkit escapes the message's line breaks; a secret in an unexpected error is still not shown.
  core.setFailed(redactSecrets(error instanceof Error ? error.message : String(error)));
}
