/**
 * The report stage, last: the report file, the step outputs, failure annotations and the job summary, with the
 * section every stage before it handed over as data. Says which problems fail the step; main fails it.
 */
import * as core from '@actions/core';
import type { ReportSection } from '../common/report-section.ts';
import { SHOWN_MESSAGE_LENGTH, untrustedText } from '../common/untrusted-text.ts';
import { annotateFailures } from '../convert/document-log.ts';
import { hasOutputs, type JobResult, type JobStatus, totalsOf } from '../convert/results.ts';
import type { Plan } from '../plan/types.ts';
import type { ConvertedRun, Published } from '../publish/index.ts';
import type { PublishOutcome } from '../publish/outcome.ts';
import { dryRunReportPath } from '../settings/report-path.ts';
import type { Settings } from '../settings/types.ts';
import { type FileEntry, fileEntries, plannedEntries } from './file-entries.ts';
import { filesOutput } from './files-output.ts';
import { renderJobSummary, renderPlanSummary } from './job-summary.ts';
import { writeReportFile } from './report-file.ts';

export { engineReportLine } from './engine-report.ts';
export { type FileEntry, fileEntries, plannedEntries } from './file-entries.ts';
export { mergeShardReports } from './merge-shards.ts';

/** After converting, before publishing: the report file, so that the artifact carries it. */
export async function writeReportBeforePublishing(
  settings: Settings,
  results: readonly JobResult[],
  reportFile: string,
): Promise<void> {
  await writeReportFile(reportFile, fileEntries(results, settings), settings.sharding.shard);
}

/** Everything a user reads of a run that converted; returns the problems that fail the step. */
export async function reportStage(
  settings: Settings,
  converted: ConvertedRun,
  published: Published,
  reportFile: string,
  sections: readonly ReportSection[],
): Promise<string[]> {
  const { results } = converted;
  const publish = published.outcome;
  // Again, now with the links publishing made.
  const entries = fileEntries(results, settings, publish);
  await writeReportFile(reportFile, entries, settings.sharding.shard);
  setActionOutputs(settings, entries, publish, reportFile);
  annotateFailures(results);
  await writeJobSummary(results, published.settings, publish, reportFile, converted.notes);
  await writeSections(sections);

  const problems: string[] = [];
  const conversionFailure = failureReason(results);
  if (conversionFailure && settings.failOnError) problems.push(conversionFailure);
  else if (conversionFailure) core.warning(`${conversionFailure} (fail-on-error is false)`);
  if (publish && publish.failures.length > 0) {
    const failures = publish.failures.map((failure) => untrustedText(failure, SHOWN_MESSAGE_LENGTH));
    problems.push(`publishing failed: ${failures.join('; ')}`);
  }
  return problems;
}

/** A run that converted nothing (no files, or none the pull request changed): empty outputs and the sections. */
export async function reportNothingConverted(
  settings: Settings,
  sections: readonly ReportSection[],
): Promise<void> {
  setActionOutputs(settings, []);
  await writeSections(sections);
}

/** A dry run: the plan as the report file (in the runner's temporary folder) and the summary. */
export async function reportDryRun(
  settings: Settings,
  plan: Plan,
  temporaryDirectory: string,
  sections: readonly ReportSection[],
): Promise<void> {
  const entries = plannedEntries(plan);
  const planReport = dryRunReportPath(settings, temporaryDirectory);
  await writeReportFile(planReport, entries, settings.sharding.shard);
  setActionOutputs(settings, entries, undefined, planReport);
  await writeSections(sections);
  await writePlanSummary(plan, settings, planReport);
}

/** Each stage's outputs, and its part of the job summary in the order given. */
async function writeSections(sections: readonly ReportSection[]): Promise<void> {
  for (const section of sections) {
    for (const [name, value] of Object.entries(section.outputs)) core.setOutput(name, value);
  }
  const summary = sections.map((section) => section.summary).join('');
  if (summary !== '') await core.summary.addRaw(summary).write();
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
