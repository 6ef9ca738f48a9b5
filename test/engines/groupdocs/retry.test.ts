import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  backoffDelay,
  isTransientNetworkFailure,
  parseRetryAfter,
  resolveRetryPolicy,
  sleep,
} from '../../../src/engines/groupdocs/retry.ts';

describe('backoffDelay', () => {
  const policy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 };

  it('grows exponentially under full jitter and stops at the maximum', () => {
    assert.equal(
      backoffDelay(policy, 1, () => 0.999_999),
      499,
    );
    assert.equal(
      backoffDelay(policy, 3, () => 0.5),
      1000,
    );
    assert.equal(
      backoffDelay(policy, 10, () => 0.5),
      7500,
    );
    assert.equal(
      backoffDelay(policy, 4, () => 0),
      0,
    );
  });

  it('uses Retry-After instead, as the server gave it, even beyond the backoff maximum', () => {
    assert.equal(
      backoffDelay(policy, 1, () => 0, 2000),
      2000,
    );
    assert.equal(
      backoffDelay(policy, 1, () => 0, 120_000),
      120_000,
    );
    assert.equal(
      backoffDelay(policy, 1, () => 0.9, 0),
      0,
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');

  it('reads seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter('Wed, 01 May 2024 10:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Wed, 01 May 2024 09:59:00 GMT', now), 0);
  });

  it('ignores absent or unreadable values', () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-1', now), undefined);
  });
});

describe('resolveRetryPolicy', () => {
  it('defaults to 6 attempts, 500 ms base, 15 s maximum and keeps at least one attempt', () => {
    assert.deepEqual(resolveRetryPolicy(undefined), { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 });
    assert.equal(resolveRetryPolicy({ maxAttempts: 0 }).maxAttempts, 1);
  });
});

describe('sleep', () => {
  it('ends the wait with the abort reason, not the timer: the clock never moves', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const controller = new AbortController();
    const reason = new Error('stop');
    const waiting = sleep(60_000, controller.signal);
    controller.abort(reason);
    await assert.rejects(waiting, (error) => error === reason);
  });

  it('resolves when its time has passed', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let done = false;
    const waiting = sleep(1000, new AbortController().signal).then(() => {
      done = true;
    });
    t.mock.timers.tick(999);
    await Promise.resolve();
    assert.equal(done, false);
    t.mock.timers.tick(1);
    await waiting;
    assert.equal(done, true);
  });

  it('rejects at once on an aborted signal', async () => {
    await assert.rejects(sleep(10, AbortSignal.abort(new Error('already'))), /already/);
  });
});

describe('isTransientNetworkFailure', () => {
  it('repeats resets and a proxy tunnel the server behind the proxy did not answer, not a refused tunnel', () => {
    assert.equal(isTransientNetworkFailure('ECONNRESET', 'socket hang up'), true);
    const tunnel = (status: string) =>
      `Failed to establish tunnel to gd:443 via http://127.0.0.1:3128/: HTTP/1.1 ${status}`;
    assert.equal(isTransientNetworkFailure('ERR_PROXY_TUNNEL', tunnel('502 Bad Gateway')), true);
    assert.equal(isTransientNetworkFailure('ERR_PROXY_TUNNEL', tunnel('504 Gateway Timeout')), true);
    assert.equal(isTransientNetworkFailure('ERR_PROXY_TUNNEL', tunnel('403 Forbidden')), false);
    assert.equal(
      isTransientNetworkFailure('ERR_PROXY_TUNNEL', tunnel('407 Proxy Authentication Required')),
      false,
    );
  });
});
