/** How documents left out by changed-only show up: output `unchanged`, and a folded list in the job summary. */
import { escapeMarkdown } from '../common/markdown.ts';
import type { ReportSection } from '../common/report-section.ts';
import { untrustedText } from '../common/untrusted-text.ts';
import type { ConversionJob } from './types.ts';

/** Names listed in the summary at most; the rest are counted. The summary must stay well under GitHub's 1 MiB. */
const LISTED_AT_MOST = 200;

export function unchangedSection(unchanged: readonly ConversionJob[]): ReportSection {
  const outputs = { unchanged: unchanged.length };
  if (unchanged.length === 0) return { summary: '', outputs };
  const sources = [...new Set(unchanged.map((job) => job.source.workspacePath))];
  const listed = sources
    .slice(0, LISTED_AT_MOST)
    .map((source) => `- ${escapeMarkdown(untrustedText(source))}`);
  if (sources.length > LISTED_AT_MOST) listed.push(`- … and ${sources.length - LISTED_AT_MOST} more`);
  return {
    summary:
      `<details><summary>${sources.length} document(s) unchanged by the pull request, not converted</summary>\n\n` +
      `${listed.join('\n')}\n\n</details>\n\n`,
    outputs,
  };
}
