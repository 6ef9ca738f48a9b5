/**
 * The complete record of a run: one JSON file beside the outputs holding every (document, format) result, whatever
 * the summary, the comment and the `files` output had room for. Written in slices, so its size never becomes one
 * string in memory; it goes into the zipped artifact. A shard's report has a name of its own, so the shards'
 * artifacts can be downloaded into one directory and merged by the publishing job.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { freshNameBeside } from '../common/safe-files.ts';
import { type JobStatus, totalsOf } from '../convert/results.ts';
import type { Shard } from '../settings/sharding.ts';
import { shardLabel } from '../settings/sharding.ts';
import type { FileEntry } from './file-entries.ts';

export const REPORT_SCHEMA = 'convert-documents-action/report@1';
export const SHARD_REPORT_NAME = /^conversion-report-shard-(\d+)-of-(\d+)\.json$/;
/** Entries written per slice. */
const SLICE = 500;

export interface ReportFile {
  schema: typeof REPORT_SCHEMA;
  /** `2/4` for a shard's report. */
  shard?: string;
  totals: { converted: number; failed: number; 'timed-out': number };
  files: FileEntry[];
}

/**
 * Writes the report at `file` through a fresh temporary name, created exclusively and renamed over `file`: a
 * reader never sees half of it, and a link a pull request planted at either name is replaced, never written through.
 */
export async function writeReportFile(
  file: string,
  entries: readonly FileEntry[],
  shard: Shard | undefined,
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = freshNameBeside(file);
  const handle = await open(partial, 'wx');
  let written = false;
  try {
    const totals = totalsOf(
      entries.filter((e): e is FileEntry & { status: JobStatus } => e.status !== 'planned'),
    );
    const head = {
      schema: REPORT_SCHEMA,
      ...(shard === undefined ? {} : { shard: shardLabel(shard) }),
      totals: {
        converted: totals.converted,
        cached: totals.cached,
        failed: totals.failed,
        'timed-out': totals.timedOut,
      },
    };
    await handle.write(`${JSON.stringify(head).slice(0, -1)},"files":[`);
    for (let start = 0; start < entries.length; start += SLICE) {
      const slice = entries.slice(start, start + SLICE).map((entry) => JSON.stringify(entry));
      await handle.write(`${start === 0 ? '' : ','}\n${slice.join(',\n')}`);
    }
    await handle.write('\n]}\n');
    written = true;
  } finally {
    await handle.close();
    if (!written) await rm(partial, { force: true });
  }
  await rename(partial, file);
}
