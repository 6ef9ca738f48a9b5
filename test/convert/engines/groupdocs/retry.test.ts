import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import {
  backoffDelay,
  isTransientNetworkCode,
  isTransientNetworkFailure,
  isTransientStatus,
  parseRetryAfter,
  raceAbort,
  resolveRetryPolicy,
  sleep,
} from '../../../../src/convert/engines/groupdocs/retry.ts';

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
    assert.equal(parseRetryAfter(' 5 ', now), 5000);
    assert.equal(parseRetryAfter('5x', now), undefined);
  });
});

describe('resolveRetryPolicy', () => {
  it('defaults to 6 attempts, 500 ms base, 15 s maximum and keeps at least one attempt', () => {
    assert.deepEqual(resolveRetryPolicy(undefined), { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 });
    assert.equal(resolveRetryPolicy({ maxAttempts: 0 }).maxAttempts, 1);
  });

  it('takes each setting given, in whole attempts and never a negative delay', () => {
    assert.deepEqual(resolveRetryPolicy({ maxAttempts: 2.7, baseDelayMs: -5, maxDelayMs: 7 }), {
      maxAttempts: 2,
      baseDelayMs: 0,
      maxDelayMs: 7,
    });
    assert.deepEqual(resolveRetryPolicy({ baseDelayMs: 20, maxDelayMs: -1 }), {
      maxAttempts: 6,
      baseDelayMs: 20,
      maxDelayMs: 0,
    });
  });
});

describe('isTransientStatus and isTransientNetworkCode', () => {
  it('repeats busy, unavailable and timed-out answers, never a wrong request', () => {
    for (const status of [408, 429, 500, 502, 503, 504])
      assert.equal(isTransientStatus(status), true, `${status}`);
    for (const status of [200, 400, 401, 403, 404, 409, 413, 501, 505]) {
      assert.equal(isTransientStatus(status), false, `${status}`);
    }
  });

  it('repeats resets, refusals, timeouts, unreachable networks and cut bodies; not a missing file', () => {
    const transient = [
      'ECONNRESET',
      'ECONNREFUSED',
      'EPIPE',
      'ETIMEDOUT',
      'ECONNABORTED',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ENETDOWN',
      'EAI_AGAIN',
      'UND_ERR_SOCKET',
      'ERR_STREAM_PREMATURE_CLOSE',
      'ETRUNCATED',
    ];
    for (const code of transient) assert.equal(isTransientNetworkCode(code), true, code);
    for (const code of ['ENOENT', 'EACCES', 'ENOTFOUND', 'ERR_INVALID_URL', '', undefined]) {
      assert.equal(isTransientNetworkCode(code), false, String(code));
    }
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

  it('leaves no listener on the signal, whether the wait ends or is aborted', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const controller = new AbortController();
    const waited = sleep(10, controller.signal);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 1);
    t.mock.timers.tick(10);
    await waited;
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    const aborted = sleep(10, controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(aborted, /stop/);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});

describe('raceAbort', () => {
  const never = () => new Promise<never>(() => {});

  it('rejects with the reason when the signal aborts first, though the promise never settles', async () => {
    const controller = new AbortController();
    const racing = raceAbort(never(), controller.signal);
    const reason = new Error('deadline');
    controller.abort(reason);
    await assert.rejects(racing, (error) => error === reason);
    await assert.rejects(raceAbort(never(), AbortSignal.abort(reason)), (error) => error === reason);
  });

  it('settles as the promise does otherwise, and leaves no listener on the signal', async () => {
    const controller = new AbortController();
    assert.equal(await raceAbort(Promise.resolve('value'), controller.signal), 'value');
    await assert.rejects(raceAbort(Promise.reject(new Error('failed')), controller.signal), /failed/);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});

describe('isTransientNetworkFailure', () => {
  it('repeats resets and a proxy tunnel the server behind the proxy did not answer, not a refused tunnel', () => {
    assert.equal(isTransientNetworkFailure('ECONNRESET', 'socket hang up'), true);
    assert.equal(isTransientNetworkFailure('EACCES', 'HTTP/1.1 502 Bad Gateway'), false, 'only a tunnel');
    assert.equal(isTransientNetworkFailure('ERR_PROXY_TUNNEL', 'HTTP/2 503 Service Unavailable'), true);
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
