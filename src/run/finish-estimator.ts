/**
 * Learns how long conversions take in this run, so status checks can be timed to land just after a conversion
 * finishes instead of on a fixed backoff. Model: duration ≈ a + b·size per target format (all formats pooled while
 * a format has too few observations).
 *
 * The fit is made to fail safe: checking too early costs a status call, checking too late costs a slot idling.
 * So while the sizes seen are too alike to tell the fixed cost from the per-byte cost (the first conversions of a
 * run are the biggest and of similar size), duration is taken as proportional to size, which errs early for the
 * smaller documents that follow. Once sizes differ enough, the slope is the median of pairwise slopes (Theil–Sen),
 * which one odd conversion cannot drag around.
 */

interface Observation {
  sizeBytes: number;
  durationMs: number;
}

export interface Estimate {
  /** Expected duration from the start call to the finished state. */
  expectedMs: number;
  /** Typical deviation of real durations from the expectation (root-mean-square residual). */
  spreadMs: number;
}

interface Fit {
  intercept: number;
  slope: number;
  spreadMs: number;
}

/** Two sizes tell the slope apart only when they differ by at least this share of the larger. */
const DISTINCT_SIZE_SHARE = 0.2;
/** Pairs of distinct sizes needed before the fixed cost is estimated apart from the per-byte cost. */
const MIN_DISTINCT_PAIRS = 3;
/** A single observation says little: its spread is taken as this share of the expectation. */
const SINGLE_OBSERVATION_SPREAD = 0.25;

export class FinishEstimator {
  readonly #byFormat = new Map<string, Observation[]>();
  readonly #all: Observation[] = [];
  readonly #fits = new Map<Observation[], Fit>();
  readonly #listeners = new Set<() => void>();

  record(format: string, sizeBytes: number, durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    const observation = { sizeBytes, durationMs };
    this.#all.push(observation);
    const list = this.#byFormat.get(format) ?? [];
    list.push(observation);
    this.#byFormat.set(format, list);
    this.#fits.clear();
    for (const listener of this.#listeners) listener();
  }

  /** Calls `listener` after each new observation, until the returned function is called. */
  onRecord(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  estimate(format: string, sizeBytes: number): Estimate | undefined {
    const sameFormat = this.#byFormat.get(format) ?? [];
    const observations = sameFormat.length >= 2 ? sameFormat : this.#all;
    if (observations.length === 0) return undefined;
    let fit = this.#fits.get(observations);
    if (!fit) {
      fit = fitObservations(observations);
      this.#fits.set(observations, fit);
    }
    const expectedMs = Math.max(0, fit.intercept + fit.slope * sizeBytes);
    const spreadMs = observations.length === 1 ? expectedMs * SINGLE_OBSERVATION_SPREAD : fit.spreadMs;
    return { expectedMs, spreadMs };
  }
}

function fitObservations(observations: readonly Observation[]): Fit {
  const slopes: number[] = [];
  for (let i = 0; i < observations.length; i++) {
    for (let j = i + 1; j < observations.length; j++) {
      const a = observations[i] as Observation;
      const b = observations[j] as Observation;
      const sizeDifference = b.sizeBytes - a.sizeBytes;
      if (Math.abs(sizeDifference) >= DISTINCT_SIZE_SHARE * Math.max(a.sizeBytes, b.sizeBytes)) {
        slopes.push((b.durationMs - a.durationMs) / sizeDifference);
      }
    }
  }
  let slope: number;
  let intercept: number;
  if (slopes.length >= MIN_DISTINCT_PAIRS) {
    slope = Math.max(0, median(slopes));
    intercept = Math.max(0, median(observations.map((o) => o.durationMs - slope * o.sizeBytes)));
  } else {
    const totalSize = observations.reduce((sum, o) => sum + o.sizeBytes, 0);
    const totalDuration = observations.reduce((sum, o) => sum + o.durationMs, 0);
    slope = totalSize > 0 ? totalDuration / totalSize : 0;
    intercept = totalSize > 0 ? 0 : totalDuration / observations.length;
  }
  const squaredResiduals = observations.reduce(
    (sum, o) => sum + (o.durationMs - (intercept + slope * o.sizeBytes)) ** 2,
    0,
  );
  return { intercept, slope, spreadMs: Math.sqrt(squaredResiduals / observations.length) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
