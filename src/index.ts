import * as core from '@actions/core';
import { cacheWorkAbandoned } from './cache/actions-cache-store.ts';
import { run } from './main.ts';

try {
  await run();
} catch (error) {
  core.setFailed(error instanceof Error ? error.message : String(error));
}
// A cache call given up on may still be retrying on timers of its own; everything else has finished.
if (cacheWorkAbandoned()) process.exit();
