import path from 'node:path';
import * as core from '@actions/core';
import type { Plan } from './plan-types.ts';
import type { PublishOutcome } from './publish/index.ts';
import type { JobResult, JobStatus } from './results.ts';
import type { Settings } from './settings-types.ts';

export interface Totals {
  converted: number;
  failed: number;
  timedOut: number;
}

export function totalsOf(results: readonly Pick<JobResult, 'status'>[]): Totals {
  const totals = { converted: 0, failed: 0, timedOut: 0 };
  for (const r of results) {
    if (r.status === 'converted') totals.converted++;
    else if (r.status === 'failed') totals.failed++;
    else totals.timedOut++;
  }
  return totals;
}

/** `12/40 converted, 1 failed, 27 in progress` */
export function progressLine(done: readonly Pick<JobResult, 'status'>[], total: number): string {
  const t = totalsOf(done);
  const parts = [`${t.converted}/${total} converted`];
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
      ...(r.error === undefined ? {} : { error: r.error }),
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
    if (r.status === 'converted') continue;
    core.error(
      `${r.job.source.workspacePath} → ${r.job.format}: ${r.status}: ${r.error ?? 'unknown error'}`,
      {
        title: r.status === 'failed' ? 'Conversion failed' : 'Conversion timed out',
        file: r.job.source.workspacePath,
      },
    );
  }
}

/** One line for core.setFailed: the failed documents by name, up to a few, then a count. */
export function failureReason(results: readonly JobResult[], shown = 3): string | undefined {
  const bad = results.filter((r) => r.status !== 'converted');
  if (bad.length === 0) return undefined;
  const names = bad
    .slice(0, shown)
    .map((r) => `${r.job.source.workspacePath} (${r.job.format}, ${r.status})`);
  const more = bad.length > shown ? `, and ${bad.length - shown} more` : '';
  return `${bad.length} of ${results.length} conversions did not succeed: ${names.join(', ')}${more}`;
}

const STATUS_LABEL: Record<JobStatus | 'planned', string> = {
  converted: '✅ converted',
  failed: '❌ failed',
  'timed-out': '⏱️ timed out',
  planned: '📝 planned',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function linkOrText(text: string, url: string | undefined): string {
  return url ? `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The job summary: one row per (document, format), totals, and the publishing links. */
export async function writeJobSummary(
  entries: readonly FileEntry[],
  publish: PublishOutcome | undefined,
  title = 'Document conversion',
): Promise<void> {
  const header = ['Source', 'Format', 'Outputs', 'Status', 'Time'].map((data) => ({ data, header: true }));
  const rows = entries.map((e) => {
    const outputCell =
      e.outputs.length > 0
        ? e.outputs
            .map((o) => linkOrText(o, e.links?.artifact ?? e.links?.commit ?? e.links?.release))
            .join('<br>')
        : escapeHtml(e.error ?? '');
    return [
      escapeHtml(e.source),
      escapeHtml(e.format),
      outputCell,
      STATUS_LABEL[e.status],
      e.status === 'planned' ? '' : seconds(e['duration-ms']),
    ];
  });
  const done = entries.filter((e): e is FileEntry & { status: JobStatus } => e.status !== 'planned');
  const t = totalsOf(done);
  const totalsLine =
    done.length === entries.length
      ? `${t.converted} converted, ${t.failed} failed, ${t.timedOut} timed out, of ${entries.length}.`
      : `${entries.length} conversions planned (dry run: nothing was sent).`;

  const summary = core.summary
    .addHeading(title, 2)
    .addTable([header, ...rows])
    .addRaw(`<p>${totalsLine}</p>`, true);
  const links: string[] = [];
  if (publish?.artifactUrl) links.push(linkOrText('Artifact', publish.artifactUrl));
  if (publish?.commitUrl)
    links.push(linkOrText(`Commit ${publish.commitSha?.slice(0, 7) ?? ''}`, publish.commitUrl));
  if (publish?.releaseUrl) links.push(linkOrText('Release', publish.releaseUrl));
  if (publish?.commentUrl) links.push(linkOrText('Pull-request comment', publish.commentUrl));
  if (links.length > 0) summary.addRaw(`<p>${links.join(' · ')}</p>`, true);
  for (const failure of publish?.failures ?? [])
    summary.addRaw(`<p>⚠️ Publishing: ${escapeHtml(failure)}</p>`, true);
  await summary.write();
}
