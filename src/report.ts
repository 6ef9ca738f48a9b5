import path from 'node:path';
import * as core from '@actions/core';
import type { Plan } from './plan-types.ts';
import {
  escapeMarkdown,
  markdownLink,
  renderPublishedLinks,
  renderResultsTable,
} from './publish/markdown.ts';
import type { PublishOutcome } from './publish/outcome.ts';
import { hasOutputs, type JobResult, type JobStatus, totalsOf } from './results.ts';
import type { Settings } from './settings-types.ts';
import { SHOWN_MESSAGE_LENGTH, untrustedText } from './untrusted-text.ts';

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

function toWorkspacePath(settings: Pick<Settings, 'workspace'>, absolute: string): string {
  return path.relative(settings.workspace, absolute).split(path.sep).join('/');
}

type FileLinks = { artifact?: string; commit?: string; release?: string };

export interface FileEntry {
  source: string;
  format: string;
  status: JobStatus | 'planned';
  outputs: string[];
  error?: string;
  'duration-ms': number;
  links?: Record<string, string>;
}

export function fileEntries(
  results: readonly JobResult[],
  settings: Pick<Settings, 'workspace'>,
  publish?: Pick<PublishOutcome, 'fileLinks'>,
): FileEntry[] {
  return results.map((r) => {
    const links: Record<string, string> = {};
    for (const output of r.outputs) {
      const fileLinks: FileLinks | undefined = publish?.fileLinks.get(output);
      for (const [kind, url] of Object.entries(fileLinks ?? {})) {
        if (url && !(kind in links)) links[kind] = url;
      }
    }
    return {
      source: r.job.source.workspacePath,
      format: r.job.format,
      status: r.status,
      outputs: r.outputs.map((o) => toWorkspacePath(settings, o)),
      ...(r.error === undefined ? {} : { error: untrustedText(r.error) }),
      'duration-ms': r.durationMs,
      ...(Object.keys(links).length > 0 ? { links } : {}),
    };
  });
}

export function plannedEntries(plan: Plan): FileEntry[] {
  return plan.jobs.map((job) => ({
    source: job.source.workspacePath,
    format: job.format,
    status: 'planned',
    outputs: [job.expectedOutput],
    'duration-ms': 0,
  }));
}

export function setActionOutputs(
  settings: Pick<Settings, 'outputDir'>,
  entries: readonly FileEntry[],
  publish?: PublishOutcome,
): void {
  const totals = totalsOf(
    entries.filter((e): e is FileEntry & { status: JobStatus } => e.status !== 'planned'),
  );
  core.setOutput('converted', totals.converted);
  core.setOutput('cached', totals.cached);
  core.setOutput('failed', totals.failed);
  core.setOutput('timed-out', totals.timedOut);
  core.setOutput('output-dir', settings.outputDir);
  core.setOutput('files', JSON.stringify(entries));
  if (publish?.artifactId !== undefined) core.setOutput('artifact-id', publish.artifactId);
  if (publish?.artifactUrl) core.setOutput('artifact-url', publish.artifactUrl);
  if (publish?.commitSha) core.setOutput('commit-sha', publish.commitSha);
  if (publish?.commentUrl) core.setOutput('comment-url', publish.commentUrl);
  if (publish?.releaseUrl) core.setOutput('release-url', publish.releaseUrl);
}

/** One error annotation per failed or timed-out job, pointing at its source file. */
export function annotateFailures(results: readonly JobResult[]): void {
  for (const r of results) {
    if (hasOutputs(r.status)) continue;
    core.error(
      `${untrustedText(r.job.source.workspacePath)} → ${r.job.format}: ${r.status}: ${untrustedText(r.error ?? 'unknown error')}`,
      {
        title: r.status === 'failed' ? 'Conversion failed' : 'Conversion timed out',
        file: r.job.source.workspacePath,
      },
    );
  }
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

/** The job summary: one row per (document, format) with its outputs and links, totals, and what was published. */
export async function writeJobSummary(
  results: readonly JobResult[],
  settings: Pick<Settings, 'workspace' | 'publish'>,
  publish: PublishOutcome | undefined,
): Promise<void> {
  const outcome = publish ?? { fileLinks: new Map(), failures: [], notices: [] };
  const table = renderResultsTable(results, outcome, settings, Number.POSITIVE_INFINITY, true);
  const t = totalsOf(results);
  const summary = core.summary
    .addRaw(`## Document conversion\n\n${table.markdown}\n\n`)
    .addRaw(
      `${t.converted} converted, ${t.cached > 0 ? `${t.cached} cached, ` : ''}${t.failed} failed, ${t.timedOut} timed out, of ${results.length}.\n\n`,
    );
  const published = publish ? renderPublishedLinks(publish, settings.publish.artifactName) : '';
  if (published) summary.addRaw(`Published: ${published}\n\n`);
  if (publish?.commentUrl) summary.addRaw(`${markdownLink('Pull-request comment', publish.commentUrl)}\n\n`);
  for (const failure of publish?.failures ?? [])
    summary.addRaw(`⚠️ Publishing: ${escapeMarkdown(untrustedText(failure, SHOWN_MESSAGE_LENGTH))}\n\n`);
  await summary.write();
}

/** The dry run's summary: what would be converted, and where the outputs would go. */
export async function writePlanSummary(plan: Plan): Promise<void> {
  const rows = plan.jobs.map(
    (job) =>
      `| ${escapeMarkdown(job.source.workspacePath)} | ${job.format} | ${escapeMarkdown(job.expectedOutput)} |`,
  );
  await core.summary
    .addRaw('## Document conversion (dry run)\n\n')
    .addRaw(['| Document | Format | Output |', '| --- | --- | --- |', ...rows].join('\n'))
    .addRaw(`\n\n${plan.jobs.length} conversions planned; nothing was sent.\n`)
    .write();
}
