/**
 * The results as Markdown, with the links publishing produced: shared by the pull-request comment and usable by
 * the job summary. Pure functions.
 */
import path from 'node:path';
import { type Budget, fitRows, UNLIMITED } from '../common/budget.ts';
import { escapeMarkdown, markdownLink } from '../common/markdown.ts';
import { untrustedText } from '../common/untrusted-text.ts';
import { hasOutputs, type JobResult, type JobStatus } from '../convert/results.ts';
import type { Settings } from '../settings/types.ts';
import type { FileLinks, PublishOutcome } from './outcome.ts';

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
  /** Rows left out to stay within the budget. */
  omitted: number;
  /** True when not every row fitted, so failed and timed-out rows come first. */
  problemsFirst: boolean;
}

/**
 * One row per (document, format): in the order given while the whole table fits the budget; past it, failures
 * first (see fitRows). `withTime` adds each conversion's duration (the job summary shows it; the comment does not).
 */
export function renderResultsTable(
  results: readonly JobResult[],
  outcome: PublishOutcome,
  settings: Pick<Settings, 'workspace'>,
  budget: Budget = UNLIMITED,
  withTime = false,
): RenderedTable {
  const header = withTime
    ? '| Document | Format | Status | Outputs or reason | Time |\n| --- | --- | --- | --- | --- |'
    : '| Document | Format | Status | Outputs or reason |\n| --- | --- | --- | --- |';
  const fitted = fitRows(
    results,
    (result) => renderRow(result, outcome, settings, withTime),
    (result) => result.status !== 'converted',
    { ...budget, limit: budget.limit - budget.measure(header) },
  );
  return {
    markdown: [header, ...fitted.rows].join('\n'),
    omitted: fitted.omitted,
    problemsFirst: fitted.problemsFirst,
  };
}

/** The line under a table that did not fit: what was left out, and where the whole list is. */
export function omittedRowsNote(table: RenderedTable, total: number, whereAll: string): string {
  const order = table.problemsFirst ? 'failures first, ' : '';
  return `Showing ${total - table.omitted} of ${total} rows (${order}${table.omitted} left out to stay within GitHub's size limit). Every result is in ${whereAll}.`;
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
