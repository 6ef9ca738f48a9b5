/** The learned finish time: accurate on a long run converted biggest first, and following the service when it slows. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FinishEstimator } from '../../src/convert/finish-estimator.ts';
import { seededRandom } from '../emulator/random.ts';

const KIB = 1024;
/** The emulator's model in the benchmark: a fixed cost plus a cost per KiB. */
const truth = (sizeBytes: number, fixedMs = 1000) => fixedMs + (10 * sizeBytes) / KIB;

/** 10,000 sizes from 3 MiB down to 1 KiB, in the order the scheduler starts them (biggest first). */
function biggestFirstSizes(count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.round(3 * 1024 * KIB * (1 - i / count) + KIB));
}

test('after 10,000 conversions converted biggest first, small documents are still predicted with their fixed cost', () => {
  const estimator = new FinishEstimator();
  const random = seededRandom(7);
  const noise = () => (random() - 0.5) * 100; // ±50 ms
  for (const size of biggestFirstSizes(10_000)) estimator.record('pdf', size, truth(size) + noise());

  for (const size of [2 * KIB, 50 * KIB, 500 * KIB, 3 * 1024 * KIB]) {
    const estimate = estimator.estimate('pdf', size);
    assert.ok(estimate, `no estimate for ${size} bytes`);
    const error = Math.abs(estimate.expectedMs - truth(size)) / truth(size);
    assert.ok(error < 0.05, `${size} bytes: expected ~${truth(size)} ms, got ${estimate.expectedMs} ms`);
    assert.ok(estimate.spreadMs < 100, `spread ${estimate.spreadMs} ms for ±50 ms noise`);
  }
});

test('after thousands of alike sizes, a smaller size is predicted from the sizes seen earlier, not from the latest alone', () => {
  const estimator = new FinishEstimator();
  // Biggest first, in plateaus: 3,000 documents of ~2 MiB, then 3,000 of ~200 KiB (each ±4%).
  for (const base of [2048 * KIB, 200 * KIB]) {
    for (let i = 0; i < 3000; i++) {
      const size = Math.round(base * (1.04 - (i / 3000) * 0.08));
      estimator.record('pdf', size, truth(size));
    }
  }
  const estimate = estimator.estimate('pdf', 20 * KIB);
  assert.ok(estimate);
  const error = Math.abs(estimate.expectedMs - truth(20 * KIB)) / truth(20 * KIB);
  assert.ok(error < 0.05, `expected ~${truth(20 * KIB)} ms, got ${estimate.expectedMs} ms`);
});

test('when the service slows down, the estimate follows the recent conversions', () => {
  const estimator = new FinishEstimator();
  const sizes = Array.from({ length: 2000 }, (_, i) => (1 + (i % 50)) * 20 * KIB);
  for (const size of sizes) estimator.record('pdf', size, truth(size));
  for (const size of sizes.slice(0, 500)) estimator.record('pdf', size, truth(size, 3000));

  const estimate = estimator.estimate('pdf', 100 * KIB);
  assert.ok(estimate);
  assert.ok(
    Math.abs(estimate.expectedMs - truth(100 * KIB, 3000)) < 100,
    `expected ~${truth(100 * KIB, 3000)} ms after the slow-down, got ${estimate.expectedMs} ms`,
  );
});

test('a format with its own observations is estimated from them, others from the pool', () => {
  const estimator = new FinishEstimator();
  for (let i = 1; i <= 40; i++) {
    estimator.record('pdf', i * 10 * KIB, truth(i * 10 * KIB));
    estimator.record('png', i * 10 * KIB, 3 * truth(i * 10 * KIB));
  }
  const pdf = estimator.estimate('pdf', 100 * KIB);
  const png = estimator.estimate('png', 100 * KIB);
  const html = estimator.estimate('html', 100 * KIB);
  assert.ok(pdf && png && html);
  assert.ok(Math.abs(pdf.expectedMs - truth(100 * KIB)) < 20);
  assert.ok(Math.abs(png.expectedMs - 3 * truth(100 * KIB)) < 60);
  assert.ok(html.expectedMs >= pdf.expectedMs - 20 && html.expectedMs <= png.expectedMs + 60);
});
