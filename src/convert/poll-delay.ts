import type { Estimate } from './finish-estimator.ts';

export interface PollTiming {
  /** The first wait before a status check (the `poll-interval` input). */
  initialMs: number;
  /** No wait is longer than this. */
  capMs: number;
}

/** Growth of the plain backoff used while nothing is known about how long conversions take. */
const BACKOFF_FACTOR = 1.6;
/** Once a conversion is due, checks come at least this far apart (share of the expected duration)… */
const DUE_STEP_SHARE = 0.05;
/** …and never more often than this. */
const MIN_STEP_MS = 50;
/**
 * Where the first check lands, in spreads after the expected finish. Each status check is a billed call, so the
 * first one waits until the conversion is more likely finished than not (see bench/results.md for the trade).
 */
const FIRST_CHECK_SPREADS = 0.5;

/**
 * How long to wait before the next status check of one operation.
 *
 * Without an estimate: `initialMs`, then ×1.6 per check, capped, with ±20% jitter so that many documents started
 * together do not poll in lock-step. With an estimate: the first check lands half a spread after the expected
 * finish (never before `initialMs`), when the conversion is more likely finished than not, then one check per
 * spread: about 1.4 checks per conversion where checks from half a spread before the expected finish took about
 * 2, for noticing the end some σ/4 later on average. Once overdue by more than the spread allows, the steps grow with the
 * delay, so a badly wrong estimate degrades into a normal backoff instead of a flood of checks.
 */
export function nextPollDelay(
  timing: PollTiming,
  checksSoFar: number,
  elapsedMs: number,
  estimate: Estimate | undefined,
  random: () => number = Math.random,
): number {
  if (estimate === undefined) {
    const jitter = 0.8 + 0.4 * random();
    return clamp(timing.initialMs * BACKOFF_FACTOR ** checksSoFar * jitter, MIN_STEP_MS, timing.capMs);
  }
  const expectedCheckAt = Math.max(0, estimate.expectedMs + FIRST_CHECK_SPREADS * estimate.spreadMs);
  // `poll-interval` is the first wait, whatever was learned: a user who sets it high wants fewer checks.
  const firstCheckAt = Math.max(timing.initialMs, expectedCheckAt);
  if (elapsedMs + MIN_STEP_MS < firstCheckAt) {
    return clamp(firstCheckAt - elapsedMs, MIN_STEP_MS, timing.capMs);
  }
  const overdueMs = Math.max(0, elapsedMs - expectedCheckAt);
  const step = Math.max(
    MIN_STEP_MS,
    estimate.spreadMs,
    estimate.expectedMs * DUE_STEP_SHARE,
    overdueMs * 0.5,
  );
  return clamp(step, MIN_STEP_MS, timing.capMs);
}

function clamp(value: number, low: number, high: number): number {
  return Math.round(Math.min(high, Math.max(low, value)));
}
