import type { ConversionJob } from '../plan-types.ts';
import type { JobResult } from '../results.ts';

export interface FormatCheck {
  runnable: ConversionJob[];
  rejected: JobResult[];
}

/** Splits jobs into those the service can convert and those it cannot, before anything is uploaded. */
export function checkFormatPairs(
  jobs: readonly ConversionJob[],
  supported: ReadonlyMap<string, readonly string[]>,
): FormatCheck {
  const runnable: ConversionJob[] = [];
  const rejected: JobResult[] = [];
  for (const job of jobs) {
    const source = job.source.extension;
    const targets = supported.get(source);
    let error: string | undefined;
    if (!targets) {
      error = source
        ? `the service cannot read .${source} files`
        : 'the file has no extension, so the service cannot tell its format';
    } else if (!targets.includes(job.format)) {
      error = `the service cannot convert .${source} to ${job.format}; it can convert .${source} to: ${targets.join(', ')}`;
    }
    if (error === undefined) runnable.push(job);
    else rejected.push({ job, status: 'failed', outputs: [], error, durationMs: 0 });
  }
  return { runnable, rejected };
}
