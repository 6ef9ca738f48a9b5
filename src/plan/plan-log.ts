/**
 * What the step log says of the plan. Up to LOG_EVERY_DOCUMENT_UP_TO conversions, a line each; above, nobody reads
 * ten thousand lines: the plan shows its first lines, and the report file and job summary hold every one.
 */
import * as core from '@actions/core';
import { untrustedText } from '../common/untrusted-text.ts';
import type { ConversionJob } from './types.ts';

export const LOG_EVERY_DOCUMENT_UP_TO = 200;

export function logPlannedJobs(jobs: readonly ConversionJob[]): void {
  const shown = jobs.length <= LOG_EVERY_DOCUMENT_UP_TO ? jobs : jobs.slice(0, 20);
  for (const job of shown)
    core.info(`  ${untrustedText(job.source.workspacePath)} → ${untrustedText(job.expectedOutput)}`);
  if (shown.length < jobs.length) {
    core.info(
      `  …and ${jobs.length - shown.length} more (every one is in the report file and the job summary)`,
    );
  }
}
