import type { ConversionJob } from './plan-types.ts';

export type JobStatus = 'converted' | 'failed' | 'timed-out';

/** The outcome of one (source, format) job. A failed document is data, never an exception. */
export interface JobResult {
  job: ConversionJob;
  status: JobStatus;
  /** Absolute local paths of the files written, sorted. Empty unless converted. */
  outputs: readonly string[];
  /** A one-line reason a user can act on; set when status is not `converted`. */
  error?: string;
  durationMs: number;
}

export interface Totals {
  converted: number;
  failed: number;
  timedOut: number;
}

export function totalsOf(results: readonly Pick<JobResult, 'status'>[]): Totals {
  const totals = { converted: 0, failed: 0, timedOut: 0 };
  for (const result of results) {
    if (result.status === 'converted') totals.converted++;
    else if (result.status === 'failed') totals.failed++;
    else totals.timedOut++;
  }
  return totals;
}
