import type { Estimate } from './finish-estimator.ts';

export interface PollTiming {
  /** The first wait before a status check (the `poll-interval` input). */
  initialMs: number;
  /** No wait is longer than this. */
  capMs: number;
}

/** Growth of the plain backoff used while nothing is known about how long conversions take. */
const BACKOFF_FACTOR = 1.6;
/** Once a conversion is overdue against its estimate, checks come this often at first (share of the estimate)… */
const OVERDUE_STEP_SHARE = 0.08;
/** …but never more often than this. */
const MIN_STEP_MS = 50;

/**
 * How long to wait before the next status check of one operation.
 *
 * Without an estimate: `initialMs`, then ×1.6 per check, capped, with ±20% jitter so that many documents started
 * together do not poll in lock-step. With an estimate: the first check lands near the expected finish (a little
 * before it, by the observed spread), then short steps that grow while the operation stays unfinished, so a
 * finished conversion is noticed quickly without spending many status calls on it.
 */
export function nextPollDelay(
  timing: PollTiming,
  checksSoFar: number,
  elapsedMs: number,
  estimate: Estimate | undefined,
  random: () => number = Math.random,
): number {
  const jitter = 0.8 + 0.4 * random();
  if (estimate === undefined) {
    return clamp(timing.initialMs * BACKOFF_FACTOR ** checksSoFar * jitter, MIN_STEP_MS, timing.capMs);
  }
  const firstCheckAt = Math.max(0, estimate.expectedMs - estimate.spreadMs);
  if (elapsedMs + MIN_STEP_MS < firstCheckAt) {
    return clamp(firstCheckAt - elapsedMs, MIN_STEP_MS, timing.capMs);
  }
  const overdueMs = Math.max(0, elapsedMs - firstCheckAt);
  const baseStep = Math.max(MIN_STEP_MS, estimate.expectedMs * OVERDUE_STEP_SHARE, estimate.spreadMs / 2);
  // Grow with how long we have already been overdue, so a badly wrong estimate degrades into a normal backoff.
  const step = Math.max(baseStep, overdueMs * 0.5);
  return clamp(step * jitter, MIN_STEP_MS, timing.capMs);
}

function clamp(value: number, low: number, high: number): number {
  return Math.round(Math.min(high, Math.max(low, value)));
}
