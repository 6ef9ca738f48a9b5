/**
 * What the step log says per finished document. Up to LOG_EVERY_DOCUMENT_UP_TO conversions, a line each; above,
 * nobody reads ten thousand lines: the run prints failures and a progress line, and the report file holds every result.
 */
import * as core from '@actions/core';
import { untrustedText } from '../common/untrusted-text.ts';
import { LOG_EVERY_DOCUMENT_UP_TO } from '../plan/plan-log.ts';
import { hasOutputs, type JobResult } from './results.ts';

/** Error annotations: GitHub shows at most 10 per step and 50 per job; more only fill the log. */
export const MAX_ANNOTATIONS = 50;

/** Logs one finished job: always when it failed, successes only in a small run. */
export function documentLogger(total: number): (result: JobResult) => void {
  const everyDocument = total <= LOG_EVERY_DOCUMENT_UP_TO;
  return (result) => {
    if (hasOutputs(result.status) && !everyDocument) return;
    core.info(
      `${statusMark(result)} ${untrustedText(result.job.source.workspacePath)} → ${result.job.format}${detail(result)}`,
    );
  };
}

/** One error annotation per failed or timed-out job, pointing at its source file, up to MAX_ANNOTATIONS. */
export function annotateFailures(results: readonly JobResult[]): void {
  let annotated = 0;
  let left = 0;
  for (const r of results) {
    if (hasOutputs(r.status)) continue;
    if (annotated >= MAX_ANNOTATIONS) {
      left++;
      continue;
    }
    annotated++;
    core.error(
      `${untrustedText(r.job.source.workspacePath)} → ${r.job.format}: ${r.status}: ${untrustedText(r.error ?? 'unknown error')}`,
      {
        title: r.status === 'failed' ? 'Conversion failed' : 'Conversion timed out',
        file: r.job.source.workspacePath,
      },
    );
  }
  if (left > 0)
    core.info(`…and ${left} more failures without an annotation: every one is in the report file.`);
}

function statusMark(result: JobResult): string {
  return hasOutputs(result.status) ? '✓' : '✗';
}

function detail(result: JobResult): string {
  if (result.status === 'cached') return ' (cached)';
  if (result.status === 'converted') return ` (${(result.durationMs / 1000).toFixed(1)} s)`;
  return `: ${result.status}: ${untrustedText(result.error ?? '')}`;
}
