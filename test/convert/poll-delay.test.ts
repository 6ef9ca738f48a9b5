import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FinishEstimator } from '../../src/convert/finish-estimator.ts';
import { nextPollDelay } from '../../src/convert/poll-delay.ts';

const noJitter = () => 0.5;
const timing = { initialMs: 1000, capMs: 10_000 };

describe('nextPollDelay without an estimate', () => {
  it('starts at poll-interval, grows, and stays under the cap', () => {
    const delays = Array.from({ length: 10 }, (_, n) => nextPollDelay(timing, n, 0, undefined, noJitter));
    assert.equal(delays[0], 1000);
    assert.equal(delays[1], 1600);
    for (let n = 1; n < delays.length; n++) assert.ok((delays[n] as number) >= (delays[n - 1] as number));
    assert.equal(delays.at(-1), 10_000);
  });

  it('jitters by at most ±20%', () => {
    assert.equal(
      nextPollDelay(timing, 0, 0, undefined, () => 0),
      800,
    );
    assert.equal(
      nextPollDelay(timing, 0, 0, undefined, () => 1),
      1200,
    );
  });

  it('costs a handful of checks for a five-minute conversion', () => {
    let elapsed = 0;
    let checks = 0;
    while (elapsed < 300_000)
      elapsed += nextPollDelay({ initialMs: 1000, capMs: 30_000 }, checks++, elapsed, undefined, noJitter);
    assert.ok(checks <= 20, `${checks} checks`);
  });
});

describe('nextPollDelay with an estimate', () => {
  it('waits until half a spread after the expected finish, then checks once per spread', () => {
    const estimate = { expectedMs: 3000, spreadMs: 400 };
    assert.equal(nextPollDelay(timing, 0, 0, estimate, noJitter), 3200);
    assert.equal(nextPollDelay(timing, 1, 3200, estimate, noJitter), 400);
    assert.equal(nextPollDelay(timing, 2, 3600, estimate, noJitter), 400);
  });

  it('finds most conversions finished at the first check: under 1.5 checks each when durations spread evenly', () => {
    // Durations uniform over expected ± √3·σ (spread σ): the checks a conversion costs, averaged over the spread.
    const estimate = { expectedMs: 3000, spreadMs: 400 };
    const half = Math.sqrt(3) * estimate.spreadMs;
    let total = 0;
    const samples = 1000;
    for (let i = 0; i < samples; i++) {
      const duration = estimate.expectedMs - half + (2 * half * (i + 0.5)) / samples;
      let elapsed = 0;
      let checks = 0;
      do {
        elapsed += nextPollDelay(timing, checks, elapsed, estimate, noJitter);
        checks++;
      } while (elapsed < duration);
      total += checks;
    }
    assert.ok(total / samples < 1.5, `${(total / samples).toFixed(2)} checks per conversion`);
  });

  it('checks at least every 50 ms and at most 5% of the expected time apart when the spread is tiny', () => {
    const quick = { initialMs: 10, capMs: 10_000 };
    assert.equal(nextPollDelay(quick, 1, 100, { expectedMs: 100, spreadMs: 0 }, noJitter), 50);
    assert.equal(nextPollDelay(quick, 1, 10_000, { expectedMs: 10_000, spreadMs: 0 }, noJitter), 500);
  });

  it('never checks before poll-interval, however quick conversions were so far, and backs off when overdue', () => {
    const slowPolling = { initialMs: 5000, capMs: 30_000 };
    const learned = { expectedMs: 300, spreadMs: 50 };
    assert.equal(nextPollDelay(slowPolling, 0, 0, learned, noJitter), 5000);
    // A conversion that really takes 20 s then costs a handful of checks, not one every 50 ms.
    let elapsed = 0;
    let checks = 0;
    while (elapsed < 20_000) elapsed += nextPollDelay(slowPolling, checks++, elapsed, learned, noJitter);
    assert.ok(checks <= 6, `${checks} checks`);
  });

  it('backs off when the estimate was badly wrong', () => {
    const estimate = { expectedMs: 1000, spreadMs: 0 };
    assert.ok(nextPollDelay(timing, 5, 20_000, estimate, noJitter) >= 5000);
  });
});

describe('FinishEstimator', () => {
  it('knows nothing before a conversion, scales a single one by size, then fits duration against size', () => {
    const estimator = new FinishEstimator();
    assert.equal(estimator.estimate('pdf', 1000), undefined);
    estimator.record('pdf', 1000, 1100);
    assert.deepEqual(estimator.estimate('pdf', 2000), { expectedMs: 2200, spreadMs: 550 });
    estimator.record('pdf', 3000, 3100);
    estimator.record('pdf', 2000, 2100);
    const estimate = estimator.estimate('pdf', 5000);
    assert.ok(estimate && Math.abs(estimate.expectedMs - 5100) < 1, JSON.stringify(estimate));
    assert.ok(estimate && estimate.spreadMs < 1);
  });

  it('pools every format while a format has fewer than two observations of its own', () => {
    const estimator = new FinishEstimator();
    estimator.record('pdf', 1000, 500);
    estimator.record('html', 2000, 100);
    // Pooled: 600 ms over 3000 bytes, proportional to size; residuals 300 and -300.
    assert.deepEqual(estimator.estimate('png', 1_000_000), { expectedMs: 200_000, spreadMs: 300 });
    estimator.record('png', 1000, 50);
    // One png is not enough: still pooled, now 650 ms over 4000 bytes.
    assert.equal(estimator.estimate('png', 4000)?.expectedMs, 650);
    estimator.record('png', 2000, 100);
    assert.deepEqual(estimator.estimate('png', 4000), { expectedMs: 200, spreadMs: 0 }, 'png alone now');
  });

  it('takes durations that fall as size grows as flat, never as a negative expectation', () => {
    const estimator = new FinishEstimator();
    for (const [size, ms] of [
      [1000, 900],
      [2000, 600],
      [4000, 300],
      [8000, 100],
    ] as const)
      estimator.record('pdf', size, ms);
    // Every pairwise slope is negative: the slope is taken as 0 and the median duration (450 ms) as the fixed cost.
    assert.equal(estimator.estimate('pdf', 1_000_000)?.expectedMs, 450);
  });
});
