/**
 * The publishing job of a matrix converts nothing: it reads the reports the shards left in output-dir (downloaded
 * with their outputs from the shards' artifacts) and turns them back into one result per planned job, so the rest
 * of the run — publishing, outputs, summary — is the same as for a run that converted everything itself. It plans
 * from the same checkout, so a document no shard reported is a failure, never a silent gap.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { openRegularFile, whyNotRegularFileInside } from '../common/safe-files.ts';
import { SHOWN_MESSAGE_LENGTH, untrustedText } from '../common/untrusted-text.ts';
import { hasOutputs, type JobResult, type JobStatus } from '../convert/results.ts';
import type { Plan } from '../plan/types.ts';
import type { ConvertedRun } from '../publish/converted-run.ts';
import { isInsideDirectory } from '../settings/index.ts';
import type { Settings } from '../settings/types.ts';
import type { FileEntry } from './file-entries.ts';
import { REPORT_SCHEMA, SHARD_REPORT_NAME } from './report-file.ts';

/** A report larger than this is refused rather than read (100,000 entries take about 30 MB). */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;
/** More entries than any plan holds: such a report is refused whole. */
export const MAX_REPORT_ENTRIES = 100_000;
/** The bound of the `shard` input: a report claiming more shards is refused. */
const MAX_SHARDS = 256;
const STATUSES: readonly JobStatus[] = ['converted', 'cached', 'failed', 'timed-out'];

export interface ShardReport {
  /** 1-based. */
  index: number;
  count: number;
  entries: FileEntry[];
}

export interface MergedResults {
  results: JobResult[];
  /** Shards found, e.g. `[1, 2, 4]` of 4. */
  shardsFound: number[];
  shardCount: number | undefined;
  /** What is wrong with the reports: shown as warnings; documents they leave out are failed results. */
  problems: string[];
}

/** Reads every shard report at the top of output-dir. */
export async function readShardReports(
  outputDir: string,
): Promise<{ reports: ShardReport[]; problems: string[] }> {
  const reports: ShardReport[] = [];
  const problems: string[] = [];
  let names: string[];
  try {
    names = (await readdir(outputDir)).sort();
  } catch {
    return {
      reports,
      problems: [`output-dir ${outputDir} does not exist: download the shards' artifacts into it first`],
    };
  }
  for (const name of names) {
    const match = SHARD_REPORT_NAME.exec(name);
    if (!match) continue;
    try {
      reports.push(await readShardReport(path.join(outputDir, name), Number(match[1]), Number(match[2])));
    } catch (error) {
      problems.push(`${name} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { reports, problems };
}

/**
 * One report, read as untrusted input: a regular file (no link followed) of at most MAX_REPORT_BYTES, for a shard
 * its name and content agree on, within 1 ≤ i ≤ n ≤ 256, with at most MAX_REPORT_ENTRIES entries.
 */
async function readShardReport(file: string, index: number, count: number): Promise<ShardReport> {
  if (!(Number.isSafeInteger(count) && count <= MAX_SHARDS && index >= 1 && index <= count)) {
    throw new Error(`ignored: its name claims shard ${index} of ${count}, outside 1 ≤ i ≤ n ≤ ${MAX_SHARDS}`);
  }
  const handle = await openRegularFile(file).catch(() => {
    throw new Error('ignored: not a regular file');
  });
  let text: string;
  try {
    const { size } = await handle.stat();
    if (size > MAX_REPORT_BYTES)
      throw new Error(`ignored: larger than ${MAX_REPORT_BYTES / 1024 / 1024} MiB`);
    text = await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
  const body = JSON.parse(text) as Partial<{ shard: unknown }> | null;
  if (body?.shard !== undefined && body.shard !== `${index}/${count}`) {
    throw new Error(
      `ignored: its content claims shard ${untrustedText(String(body.shard), 40)}, its name ${index}/${count}`,
    );
  }
  return { index, count, entries: entriesOf(body) };
}

function entriesOf(report: unknown): FileEntry[] {
  const body = report as Partial<{ schema: unknown; files: unknown }> | null;
  if (body?.schema !== REPORT_SCHEMA || !Array.isArray(body.files)) {
    throw new Error(`not a report of this action (expected schema ${REPORT_SCHEMA})`);
  }
  if (body.files.length > MAX_REPORT_ENTRIES) {
    throw new Error(`ignored: more than ${MAX_REPORT_ENTRIES} entries`);
  }
  return body.files.map((entry, at) => {
    const e = entry as Partial<FileEntry> | null;
    const valid =
      typeof e?.source === 'string' &&
      typeof e.format === 'string' &&
      STATUSES.includes(e.status as JobStatus) &&
      Array.isArray(e.outputs) &&
      e.outputs.every((o) => typeof o === 'string') &&
      (e.error === undefined || typeof e.error === 'string') &&
      typeof e['duration-ms'] === 'number';
    if (!valid)
      throw new Error(`entry ${at + 1} is not a result (source, format, status, outputs, duration-ms)`);
    return e as FileEntry;
  });
}

/** One result per planned job, from the shards' reports. */
export function mergeShardResults(
  plan: Plan,
  reports: readonly ShardReport[],
  settings: Pick<Settings, 'workspace' | 'outputDir'>,
): MergedResults {
  const problems: string[] = [];
  const counts = [...new Set(reports.map((r) => r.count))];
  if (counts.length > 1) {
    problems.push(`the shard reports come from matrices of different sizes (${counts.join(', ')} shards)`);
  }
  const shardCount = counts.length === 0 ? undefined : Math.max(...counts);
  const shardsFound = [...new Set(reports.map((r) => r.index))].sort((a, b) => a - b);
  const missing =
    shardCount === undefined
      ? []
      : Array.from({ length: shardCount }, (_, i) => i + 1).filter((i) => !shardsFound.includes(i));
  if (shardCount === undefined) problems.push('no shard report was found in output-dir');
  else if (missing.length > 0)
    problems.push(`no report from shard ${missing.map((i) => `${i}/${shardCount}`).join(', ')}`);

  const reported = new Map<string, { entry: FileEntry; shard: number }>();
  // Counted, and named once: a report repeating one result 20,000 times is one line, not 20,000.
  let duplicates = 0;
  let firstDuplicate = '';
  for (const report of reports) {
    for (const entry of report.entries) {
      const key = `${entry.source}\n${entry.format}`;
      const earlier = reported.get(key);
      if (earlier) {
        duplicates += 1;
        firstDuplicate ||= `${entry.source} → ${entry.format} is in the reports of shards ${earlier.shard} and ${report.index}`;
        continue;
      }
      reported.set(key, { entry, shard: report.index });
    }
  }
  if (duplicates === 1) problems.push(`${firstDuplicate}; the first is kept`);
  else if (duplicates > 1) {
    problems.push(
      `${duplicates} result(s) are in the shard reports more than once (first: ${firstDuplicate}); the first of each is kept`,
    );
  }

  const results = plan.jobs.map((job): JobResult => {
    const key = `${job.source.workspacePath}\n${job.format}`;
    const found = reported.get(key);
    reported.delete(key);
    if (!found) {
      const why =
        missing.length > 0 || shardCount === undefined
          ? 'its shard’s report is missing'
          : 'no shard reported it';
      return { job, status: 'failed', outputs: [], error: `not converted: ${why}`, durationMs: 0 };
    }
    const { entry } = found;
    const outputs = entry.outputs.map((o) => path.resolve(settings.workspace, o));
    if (outputs.some((o) => !isInsideDirectory(settings.outputDir, o) || o === settings.outputDir)) {
      return {
        job,
        status: 'failed',
        outputs: [],
        error: 'the shard’s report names an output outside output-dir',
        durationMs: entry['duration-ms'],
      };
    }
    return {
      job,
      status: entry.status as JobStatus,
      outputs: hasOutputs(entry.status as JobStatus) ? outputs.sort() : [],
      ...(entry.error === undefined ? {} : { error: entry.error }),
      durationMs: entry['duration-ms'],
    };
  });
  if (reported.size > 0) {
    const [first] = reported.values();
    problems.push(
      `${reported.size} result(s) in the shard reports are not in this job's plan (first: ${first?.entry.source} → ${first?.entry.format}); give the publishing job the same path, format and checkout as the shards`,
    );
  }
  return { results, shardsFound, shardCount, problems };
}

/** The publish-only stage: the shards' reports in output-dir → one result per planned job, problems as warnings. */
export async function mergeShardReports(
  settings: Pick<Settings, 'workspace' | 'outputDir'>,
  plan: Plan,
): Promise<ConvertedRun> {
  const { reports, problems: unreadable } = await readShardReports(settings.outputDir);
  const merged = mergeShardResults(plan, reports, settings);
  merged.results = await Promise.all(
    merged.results.map((result) => withRegularOutputs(result, settings.outputDir)),
  );
  for (const problem of [...unreadable, ...merged.problems]) {
    core.warning(`publish-only: ${untrustedText(problem, SHOWN_MESSAGE_LENGTH)}`);
  }
  const found =
    merged.shardCount === undefined
      ? 'no shard'
      : `${merged.shardsFound.length} of ${merged.shardCount} shards`;
  core.info(`Merged the reports of ${found}: ${merged.results.length} results.`);
  return {
    results: merged.results,
    cancelled: false,
    notes: [`Published once for the whole matrix: merged the reports of ${found}.`],
  };
}

/**
 * A result as reported, or failed when a reported output is not a regular file of its own inside output-dir: a
 * link (to .git/config, to /proc/self/environ), a folder or a device is never published as a document's output.
 */
async function withRegularOutputs(result: JobResult, outputDir: string): Promise<JobResult> {
  for (const output of result.outputs) {
    const why = await whyNotRegularFileInside(outputDir, output);
    if (why === undefined) continue;
    const shown = untrustedText(path.relative(outputDir, output).split(path.sep).join('/'));
    return {
      ...result,
      status: 'failed',
      outputs: [],
      error: `the shard’s report names ${shown}, which is not a regular file inside output-dir (${why})`,
    };
  }
  return result;
}
