import * as core from '@actions/core';
import { untrustedText } from '../common/untrusted-text.ts';
import { hasOutputs, type JobResult, type JobStatus, totalsOf } from '../convert/results.ts';
import type { Plan } from '../plan/types.ts';
import type { PublishOutcome } from '../publish/outcome.ts';
import type { Settings } from '../settings/types.ts';
import type { FileEntry } from './file-entries.ts';
import { filesOutput } from './files-output.ts';
import { renderJobSummary, renderPlanSummary } from './job-summary.ts';

export { annotateFailures } from './document-log.ts';
export { type FileEntry, fileEntries, plannedEntries } from './file-entries.ts';

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

export function setActionOutputs(
  settings: Pick<Settings, 'outputDir'>,
  entries: readonly FileEntry[],
  publish?: PublishOutcome,
  reportFile?: string,
): void {
  const totals = totalsOf(
    entries.filter((e): e is FileEntry & { status: JobStatus } => e.status !== 'planned'),
  );
  core.setOutput('converted', totals.converted);
  core.setOutput('cached', totals.cached);
  core.setOutput('failed', totals.failed);
  core.setOutput('timed-out', totals.timedOut);
  core.setOutput('output-dir', settings.outputDir);
  const files = filesOutput(entries);
  if (files.omitted > 0) {
    core.info(
      `The files output lists ${entries.length - files.omitted} of ${entries.length} entries (failures first) to stay within GitHub's output limit; the report output names the file with all of them.`,
    );
  }
  core.setOutput('files', files.json);
  if (reportFile) core.setOutput('report', reportFile);
  if (publish?.artifactId !== undefined) core.setOutput('artifact-id', publish.artifactId);
  if (publish?.artifactUrl) core.setOutput('artifact-url', publish.artifactUrl);
  if (publish?.commitSha) core.setOutput('commit-sha', publish.commitSha);
  if (publish?.commentUrl) core.setOutput('comment-url', publish.commentUrl);
  if (publish?.releaseUrl) core.setOutput('release-url', publish.releaseUrl);
}

/** One line for core.setFailed: the failed documents by name, up to a few, then a count. */
export function failureReason(results: readonly JobResult[], shown = 3): string | undefined {
  const bad = results.filter((r) => !hasOutputs(r.status));
  if (bad.length === 0) return undefined;
  const names = bad
    .slice(0, shown)
    .map((r) => `${untrustedText(r.job.source.workspacePath)} (${r.job.format}, ${r.status})`);
  const more = bad.length > shown ? `, and ${bad.length - shown} more` : '';
  return `${bad.length} of ${results.length} conversions did not succeed: ${names.join(', ')}${more}`;
}

/** The job summary (see renderJobSummary): results within GitHub's size limit, totals, what was published. */
export async function writeJobSummary(
  results: readonly JobResult[],
  settings: Pick<Settings, 'workspace' | 'publish'>,
  publish: PublishOutcome | undefined,
  reportFile: string,
  notes: readonly string[] = [],
): Promise<void> {
  await core.summary.addRaw(renderJobSummary(results, settings, publish, reportFile, notes)).write();
}

/** The dry run's summary: what would be converted, and where the outputs would go. */
export async function writePlanSummary(
  plan: Plan,
  settings: Pick<Settings, 'workspace'>,
  reportFile: string,
): Promise<void> {
  await core.summary.addRaw(renderPlanSummary(plan, settings, reportFile)).write();
}
