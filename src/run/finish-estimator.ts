/**
 * Learns how long conversions take in this run, so status checks can be timed to land just after a conversion
 * finishes instead of on a fixed backoff. Model: duration ≈ a + b·size, fitted per target format by least squares
 * over the conversions already seen (falling back to all formats while a format has too few observations).
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

const MIN_OBSERVATIONS = 2;

export class FinishEstimator {
  readonly #byFormat = new Map<string, Observation[]>();
  readonly #all: Observation[] = [];

  record(format: string, sizeBytes: number, durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    const observation = { sizeBytes, durationMs };
    this.#all.push(observation);
    const list = this.#byFormat.get(format) ?? [];
    list.push(observation);
    this.#byFormat.set(format, list);
  }

  estimate(format: string, sizeBytes: number): Estimate | undefined {
    const sameFormat = this.#byFormat.get(format) ?? [];
    const observations = sameFormat.length >= MIN_OBSERVATIONS ? sameFormat : this.#all;
    if (observations.length < MIN_OBSERVATIONS) return undefined;
    return fitAndPredict(observations, sizeBytes);
  }
}

function fitAndPredict(observations: readonly Observation[], sizeBytes: number): Estimate {
  const n = observations.length;
  let meanSize = 0;
  let meanDuration = 0;
  for (const o of observations) {
    meanSize += o.sizeBytes / n;
    meanDuration += o.durationMs / n;
  }
  let covariance = 0;
  let variance = 0;
  for (const o of observations) {
    covariance += (o.sizeBytes - meanSize) * (o.durationMs - meanDuration);
    variance += (o.sizeBytes - meanSize) ** 2;
  }
  // A negative slope is noise (bigger files do not convert faster); fall back to the mean.
  const slope = variance > 0 && covariance > 0 ? covariance / variance : 0;
  const intercept = meanDuration - slope * meanSize;
  const predict = (size: number) => Math.max(0, intercept + slope * size);

  let squaredResiduals = 0;
  for (const o of observations) squaredResiduals += (o.durationMs - predict(o.sizeBytes)) ** 2;
  return { expectedMs: predict(sizeBytes), spreadMs: Math.sqrt(squaredResiduals / n) };
}
