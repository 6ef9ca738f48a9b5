/** Where a run's report file goes: a name per shard, at the top of output-dir (a dry run's in the runner's temp). */
import path from 'node:path';
import type { Shard } from './sharding.ts';
import type { Settings } from './types.ts';

const REPORT_FILE_NAME = 'conversion-report.json';

export function reportFileName(shard: Shard | undefined): string {
  return shard === undefined
    ? REPORT_FILE_NAME
    : `conversion-report-shard-${shard.index}-of-${shard.count}.json`;
}

/** Where this run's report goes: the top of output-dir. */
export function reportPathFor(settings: Pick<Settings, 'outputDir' | 'sharding'>): string {
  return path.join(settings.outputDir, reportFileName(settings.sharding.shard));
}

/** A dry run writes nothing in the workspace: its report goes to the runner's temporary directory. */
export function dryRunReportPath(settings: Pick<Settings, 'sharding'>, temporaryDirectory: string): string {
  return path.join(temporaryDirectory, reportFileName(settings.sharding.shard));
}
