import type { ConversionJob } from '../plan/types.ts';

/** `cached`: restored from an earlier conversion of the same content and settings, with no call to the service. */
export type JobStatus = 'converted' | 'cached' | 'failed' | 'timed-out';

/** The statuses whose outputs are on disk, ready to publish. */
export function hasOutputs(status: JobStatus | 'planned'): boolean {
  return status === 'converted' || status === 'cached';
}

/** The outcome of one (source, format) job. A failed document is data, never an exception. */
export interface JobResult {
  job: ConversionJob;
  status: JobStatus;
  /** Absolute local paths of the files written, sorted. Empty unless converted or cached. */
  outputs: readonly string[];
  /** A one-line reason a user can act on; set when status is `failed` or `timed-out`. */
  error?: string;
  durationMs: number;
}

export interface Totals {
  converted: number;
  cached: number;
  failed: number;
  timedOut: number;
}

export function totalsOf(results: readonly Pick<JobResult, 'status'>[]): Totals {
  const totals = { converted: 0, cached: 0, failed: 0, timedOut: 0 };
  for (const result of results) {
    if (result.status === 'converted') totals.converted++;
    else if (result.status === 'cached') totals.cached++;
    else if (result.status === 'failed') totals.failed++;
    else totals.timedOut++;
  }
  return totals;
}

/** `12/40 converted, 1 failed, 27 in progress` */
export function progressLine(done: readonly Pick<JobResult, 'status'>[], total: number): string {
  const t = totalsOf(done);
  const parts = [`${t.converted}/${total} converted`];
  if (t.cached > 0) parts.push(`${t.cached} cached`);
  if (t.failed > 0) parts.push(`${t.failed} failed`);
  if (t.timedOut > 0) parts.push(`${t.timedOut} timed out`);
  parts.push(`${total - done.length} in progress`);
  return parts.join(', ');
}
