/**
 * The results as Markdown, with the links publishing produced: shared by the pull-request comment and usable by
 * the job summary. Pure functions.
 */
import path from 'node:path';
import { hasOutputs, type JobResult, type JobStatus } from '../results.ts';
import type { Settings } from '../settings-types.ts';
import { untrustedText } from '../untrusted-text.ts';
import type { FileLinks, PublishOutcome } from './outcome.ts';

/**
 * Text shown as is in Markdown (also inside a table cell): every ASCII punctuation character is backslash-escaped,
 * line breaks and other control characters become spaces. `a|b*c.docx` stays one cell, not emphasis.
 */
export function escapeMarkdown(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, (char) => `\\${char}`);
}

/** A Markdown link whose text is escaped; the URL must already be encoded (the builders in links.ts do that). */
export function markdownLink(text: string, url: string): string {
  return `[${escapeMarkdown(text)}](${url})`;
}

export const STATUS_LABELS: Readonly<Record<JobStatus, string>> = {
  converted: '✅ converted',
  cached: '♻️ cached',
  failed: '❌ failed',
  'timed-out': '⏱️ timed out',
};

/** The links of one output, e.g. `converted/a.pdf — [artifact](…) · [commit](…)`; the zipped artifact when it has none. */
export function renderOutputLinks(
  displayName: string,
  links: FileLinks | undefined,
  zippedArtifactUrl?: string,
): string {
  const parts: string[] = [];
  if (links?.artifact) parts.push(markdownLink('artifact', links.artifact));
  if (links?.commit) parts.push(markdownLink('commit', links.commit));
  if (links?.release) parts.push(markdownLink('release', links.release));
  if (parts.length === 0 && zippedArtifactUrl) parts.push(markdownLink('in the artifact', zippedArtifactUrl));
  const name = escapeMarkdown(displayName);
  return parts.length === 0 ? name : `${name} — ${parts.join(' · ')}`;
}

function displayPath(settings: Pick<Settings, 'workspace'>, absolutePath: string): string {
  const relative = path.relative(settings.workspace, absolutePath);
  return relative.startsWith('..') || path.isAbsolute(relative)
    ? absolutePath
    : relative.split(path.sep).join('/');
}

function renderRow(
  result: JobResult,
  outcome: PublishOutcome,
  settings: Pick<Settings, 'workspace'>,
  withTime: boolean,
): string {
  const document = escapeMarkdown(result.job.source.workspacePath);
  const status = STATUS_LABELS[result.status];
  const detail = hasOutputs(result.status)
    ? result.outputs
        .map((output) =>
          renderOutputLinks(
            displayPath(settings, output),
            outcome.fileLinks.get(path.resolve(output)),
            outcome.artifactUrl,
          ),
        )
        .join('<br>')
    : escapeMarkdown(untrustedText(result.error ?? 'no reason given'));
  const time = withTime ? ` ${(result.durationMs / 1000).toFixed(1)} s |` : '';
  return `| ${document} | ${escapeMarkdown(result.job.format)} | ${status} | ${detail} |${time}`;
}

export interface RenderedTable {
  markdown: string;
  /** Rows left out to stay within maxLength. */
  omitted: number;
}

/**
 * One row per (document, format), in the order given, while the table fits in `maxLength` characters.
 * `withTime` adds each conversion's duration (the job summary shows it; the pull-request comment does not).
 */
export function renderResultsTable(
  results: readonly JobResult[],
  outcome: PublishOutcome,
  settings: Pick<Settings, 'workspace'>,
  maxLength = Number.POSITIVE_INFINITY,
  withTime = false,
): RenderedTable {
  const lines = withTime
    ? ['| Document | Format | Status | Outputs or reason | Time |', '| --- | --- | --- | --- | --- |']
    : ['| Document | Format | Status | Outputs or reason |', '| --- | --- | --- | --- |'];
  let length = lines.join('\n').length;
  let shown = 0;
  for (const result of results) {
    const row = renderRow(result, outcome, settings, withTime);
    if (length + row.length + 1 > maxLength) break;
    lines.push(row);
    length += row.length + 1;
    shown++;
  }
  return { markdown: lines.join('\n'), omitted: results.length - shown };
}

/** Links to what was published as a whole: the zipped artifact, the commit, the release. */
export function renderPublishedLinks(outcome: PublishOutcome, artifactName: string): string {
  const parts: string[] = [];
  if (outcome.artifactUrl) parts.push(`artifact ${markdownLink(artifactName, outcome.artifactUrl)}`);
  if (outcome.commitSha && outcome.commitUrl)
    parts.push(`commit ${markdownLink(outcome.commitSha.slice(0, 7), outcome.commitUrl)}`);
  if (outcome.releaseUrl) parts.push(markdownLink('release', outcome.releaseUrl));
  return parts.join(' · ');
}
