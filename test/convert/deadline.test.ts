import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startDeadline } from '../../src/convert/deadline.ts';

describe('startDeadline', () => {
  it('aborts when the timeout passes, not before, saying which timeout', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const deadline = startDeadline(90_000, '1m30s');
    try {
      t.mock.timers.tick(89_999);
      assert.equal(deadline.signal.aborted, false);
      t.mock.timers.tick(1);
      assert.equal(deadline.signal.aborted, true);
      assert.equal(
        (deadline.signal.reason as Error).message,
        'the timeout (1m30s) passed before it finished',
      );
      assert.equal(deadline.cancelled, false);
    } finally {
      deadline.dispose();
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`aborts at once when the runner cancels the job (${signal}), and says it was a cancellation`, () => {
      const deadline = startDeadline(60_000, '1m');
      try {
        process.emit(signal);
        assert.equal(deadline.signal.aborted, true);
        assert.equal((deadline.signal.reason as Error).message, `the job was cancelled (${signal})`);
        assert.equal(deadline.cancelled, true);
      } finally {
        deadline.dispose();
      }
    });
  }

  it('once disposed, neither the timer nor a signal aborts it, and no handler is left on the process', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const listeners = () => [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const before = listeners();
    const deadline = startDeadline(1000, '1s');
    assert.deepEqual(listeners(), [(before[0] ?? 0) + 1, (before[1] ?? 0) + 1]);
    deadline.dispose();
    assert.deepEqual(listeners(), before);
    t.mock.timers.tick(5000);
    assert.equal(deadline.signal.aborted, false);
  });
});
