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
