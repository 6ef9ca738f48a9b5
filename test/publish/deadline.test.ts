import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publishingDeadlineMs, runBeforeDeadline } from '../../src/publish/deadline.ts';
import { emptyOutcome } from '../../src/publish/outcome.ts';

test('publishing gets as long as timeout, at most 10 minutes', () => {
  assert.equal(publishingDeadlineMs(2_000), 2_000);
  assert.equal(publishingDeadlineMs(15 * 60_000), 10 * 60_000);
});

test('a step after the deadline is not started, and one that ignores the deadline is abandoned', async () => {
  const outcome = emptyOutcome();
  const passed = new AbortController();
  passed.abort(new Error('publishing passed its deadline (2s)'));
  let started = false;
  await runBeforeDeadline(
    'release',
    async () => {
      started = true;
    },
    passed.signal,
    outcome,
  );
  assert.equal(started, false);

  const deadline = new AbortController();
  setTimeout(() => deadline.abort(new Error('publishing passed its deadline (1s)')), 10);
  await runBeforeDeadline('artifact', () => new Promise(() => {}), deadline.signal, outcome);
  // A step that stops at the signal reports its own failure, once.
  const stopping = new AbortController();
  setTimeout(() => stopping.abort(new Error('publishing passed its deadline (3s)')), 10);
  await runBeforeDeadline(
    'pr-comment',
    () =>
      new Promise((_, reject) =>
        stopping.signal.addEventListener('abort', () => reject(stopping.signal.reason)),
      ),
    stopping.signal,
    outcome,
  );
  assert.deepEqual(outcome.failures, [
    'release: not started: publishing passed its deadline (2s)',
    'artifact: still running when publishing passed its deadline (1s); abandoned',
    'pr-comment: failed: publishing passed its deadline (3s)',
  ]);
});
