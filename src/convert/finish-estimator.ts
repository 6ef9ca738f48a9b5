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
 *
 * The fit is made on a bounded sample, so each finish costs the same at the ten-thousandth document as at the tenth:
 * per format (and pooled), the most recent few observations of each size band (sizes within a factor √2), at most
 * SAMPLE_LIMIT in all. Keeping every size band, not just the latest finishes, matters: the run converts the biggest
 * documents first, so the latest finishes alone all have about the same size and would hide the fixed cost.
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
/** Observations a fit is made on, per format and pooled: Theil–Sen looks at every pair, so this bounds its cost. */
export const SAMPLE_LIMIT = 64;
/** Recent observations kept per size band while the sample is not full. */
const PER_BAND_LIMIT = 16;
/** Size bands: sizes within a factor √2 share one. */
const BANDS_PER_DOUBLING = 2;

export interface SampleLimits {
  total: number;
  perBand: number;
}

/**
 * A bounded sample of observations that keeps every size band seen: the oldest observation of the fullest band
 * makes room for a new one. Order of `list` does not matter to the fit.
 */
class ObservationSample {
  readonly list: Observation[] = [];
  readonly #limits: SampleLimits;
  readonly #bands = new Map<number, Observation[]>();

  constructor(limits: SampleLimits) {
    this.#limits = limits;
  }

  add(observation: Observation): void {
    const key = Math.floor(Math.log2(observation.sizeBytes + 1) * BANDS_PER_DOUBLING);
    const band = this.#bands.get(key) ?? [];
    this.#bands.set(key, band);
    band.push(observation);
    this.list.push(observation);
    if (band.length > this.#limits.perBand) this.#evictOldest(band);
    if (this.list.length > this.#limits.total) this.#evictOldest(this.#fullestBand());
  }

  #fullestBand(): Observation[] {
    let fullest: Observation[] = [];
    for (const band of this.#bands.values()) if (band.length > fullest.length) fullest = band;
    return fullest;
  }

  #evictOldest(band: Observation[]): void {
    const oldest = band.shift();
    if (oldest === undefined) return;
    const at = this.list.indexOf(oldest);
    if (at >= 0) this.list.splice(at, 1);
  }
}

export class FinishEstimator {
  readonly #limits: SampleLimits;
  readonly #byFormat = new Map<string, ObservationSample>();
  readonly #all: ObservationSample;
  readonly #fits = new Map<Observation[], Fit>();
  readonly #listeners = new Set<() => void>();

  /** Other limits are for the benchmark, which compares the bounded fit with one on every observation. */
  constructor(limits: SampleLimits = { total: SAMPLE_LIMIT, perBand: PER_BAND_LIMIT }) {
    this.#limits = limits;
    this.#all = new ObservationSample(limits);
  }

  record(format: string, sizeBytes: number, durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    const observation = { sizeBytes, durationMs };
    this.#all.add(observation);
    const sample = this.#byFormat.get(format) ?? new ObservationSample(this.#limits);
    sample.add(observation);
    this.#byFormat.set(format, sample);
    this.#fits.clear();
    for (const listener of this.#listeners) listener();
  }

  /** Calls `listener` after each new observation, until the returned function is called. */
  onRecord(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  estimate(format: string, sizeBytes: number): Estimate | undefined {
    const sameFormat = this.#byFormat.get(format)?.list ?? [];
    const observations = sameFormat.length >= 2 ? sameFormat : this.#all.list;
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
