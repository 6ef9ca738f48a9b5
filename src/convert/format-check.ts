import type { ConversionJob } from '../plan/types.ts';
import type { JobResult } from './results.ts';

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
      error = `the service cannot convert .${source} to ${job.format}; it can convert .${source} to: ${listed(targets)}`;
    }
    if (error === undefined) runnable.push(job);
    else rejected.push({ job, status: 'failed', outputs: [], error, durationMs: 0 });
  }
  return { runnable, rejected };
}

/** Enough of the list to act on; the rest is counted, so one message per document stays one line. */
function listed(targets: readonly string[]): string {
  const shown = 40;
  if (targets.length <= shown) return targets.join(', ');
  return `${targets.slice(0, shown).join(', ')} and ${targets.length - shown} more`;
}

/** How a (source extension, target format) pair is named in a set of pairs known to work: `docx→pdf`. */
export function formatPairKey(sourceExtension: string, format: string): string {
  return `${sourceExtension.toLowerCase()}→${format.toLowerCase()}`;
}

/**
 * True when every job's pair is already known to work (e.g. converted before, as a cache records), so the run need
 * not ask the service for its format list: one billed call fewer.
 */
export function everyPairKnown(jobs: readonly ConversionJob[], knownPairs: ReadonlySet<string>): boolean {
  return jobs.every((job) => knownPairs.has(formatPairKey(job.source.extension, job.format)));
}
