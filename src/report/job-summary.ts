/**
 * The job summary's Markdown, rendered within GitHub's limit (a step's summary above 1 MiB is dropped whole): the
 * full table while it fits, else failures first and a pointer to the report file that holds every result.
 */
import path from 'node:path';
import { fitRows, utf8Bytes } from '../common/budget.ts';
import { escapeMarkdown, markdownLink } from '../common/markdown.ts';
import { type JobResult, totalsOf } from '../convert/results.ts';
import type { Plan } from '../plan/types.ts';
import { omittedRowsNote, renderPublishedLinks, renderResultsTable } from '../publish/markdown.ts';
import type { PublishOutcome } from '../publish/outcome.ts';
import type { Settings } from '../settings/types.ts';

/**
 * GitHub drops a step's whole summary above 1 MiB. The results table gets this much; the sections written after it
 * have budgets of their own (page previews 150,000 characters, the unchanged list 200 names of at most 300
 * characters, the API-call line), so the sum stays under 1 MiB.
 */
export const SUMMARY_BUDGET_BYTES = 700 * 1024;
const MAX_LISTED_PUBLISHING_FAILURES = 30;

/** The report's path as the summary shows it: relative to the workspace. */
function shownPath(settings: Pick<Settings, 'workspace'>, file: string): string {
  return escapeMarkdown(path.relative(settings.workspace, file).split(path.sep).join('/'));
}

/** Blocks joined by blank lines, the table given whatever room the other blocks leave. */
function withinBudget(before: string[], table: (room: number) => string[], after: string[]): string {
  const fixed = utf8Bytes([...before, ...after].join('\n\n')) + 1000;
  return `${[...before, ...table(SUMMARY_BUDGET_BYTES - fixed), ...after].join('\n\n')}\n`;
}

export function renderJobSummary(
  results: readonly JobResult[],
  settings: Pick<Settings, 'workspace' | 'publish'>,
  publish: PublishOutcome | undefined,
  reportFile: string,
  notes: readonly string[] = [],
): string {
  const outcome = publish ?? { fileLinks: new Map(), failures: [], notices: [] };
  const t = totalsOf(results);
  const before = ['## Document conversion', ...notes.map(escapeMarkdown)];
  const after = [
    `${t.converted} converted, ${t.cached > 0 ? `${t.cached} cached, ` : ''}${t.failed} failed, ${t.timedOut} timed out, of ${results.length}.`,
  ];
  const published = publish ? renderPublishedLinks(publish, settings.publish.artifactName) : '';
  if (published) after.push(`Published: ${published}`);
  if (publish?.commentUrl) after.push(markdownLink('Pull-request comment', publish.commentUrl));
  const failures = publish?.failures ?? [];
  for (const failure of failures.slice(0, MAX_LISTED_PUBLISHING_FAILURES)) {
    after.push(`⚠️ Publishing: ${escapeMarkdown(failure)}`);
  }
  if (failures.length > MAX_LISTED_PUBLISHING_FAILURES) {
    after.push(
      `⚠️ …and ${failures.length - MAX_LISTED_PUBLISHING_FAILURES} more publishing failures in the log.`,
    );
  }
  const report = `the report ${shownPath(settings, reportFile)}${publish?.artifactUrl ? ` (also in the ${markdownLink('artifact', publish.artifactUrl)})` : ''}`;
  after.push(`Every result: ${report}.`);
  return withinBudget(
    before,
    (room) => {
      const table = renderResultsTable(results, outcome, settings, { limit: room, measure: utf8Bytes }, true);
      return table.omitted > 0
        ? [table.markdown, omittedRowsNote(table, results.length, report)]
        : [table.markdown];
    },
    after,
  );
}

/** The dry run's summary: what would be converted, and where the outputs would go. */
export function renderPlanSummary(
  plan: Plan,
  settings: Pick<Settings, 'workspace'>,
  reportFile: string,
): string {
  const header = '| Document | Format | Output |\n| --- | --- | --- |';
  const report = `the report ${shownPath(settings, reportFile)}`;
  return withinBudget(
    ['## Document conversion (dry run)'],
    (room) => {
      const fitted = fitRows(
        plan.jobs,
        (job) =>
          `| ${escapeMarkdown(job.source.workspacePath)} | ${job.format} | ${escapeMarkdown(job.expectedOutput)} |`,
        () => false,
        { limit: room - utf8Bytes(header), measure: utf8Bytes },
      );
      const table = [header, ...fitted.rows].join('\n');
      return fitted.omitted > 0
        ? [
            table,
            `Showing ${fitted.rows.length} of ${plan.jobs.length} planned conversions; every one is in ${report}.`,
          ]
        : [table];
    },
    [`${plan.jobs.length} conversions planned; nothing was sent.`],
  );
}
