/** How documents left out by changed-only show up: output `unchanged`, and a list in the job summary. */
import * as core from '@actions/core';
import { escapeMarkdown } from '../common/markdown.ts';
import { untrustedText } from '../common/untrusted-text.ts';
import type { ConversionJob } from '../plan/types.ts';

/** Names listed in the summary at most; the rest are counted. The summary must stay well under GitHub's 1 MiB. */
const LISTED_AT_MOST = 200;

export function setUnchangedOutput(unchanged: readonly ConversionJob[]): void {
  core.setOutput('unchanged', unchanged.length);
}

/** Appends the unchanged documents, folded, to the job summary. Nothing when there are none. */
export async function writeUnchangedSummary(unchanged: readonly ConversionJob[]): Promise<void> {
  if (unchanged.length === 0) return;
  const sources = [...new Set(unchanged.map((job) => job.source.workspacePath))];
  const listed = sources
    .slice(0, LISTED_AT_MOST)
    .map((source) => `- ${escapeMarkdown(untrustedText(source))}`);
  if (sources.length > LISTED_AT_MOST) listed.push(`- … and ${sources.length - LISTED_AT_MOST} more`);
  await core.summary
    .addRaw(
      `<details><summary>${sources.length} document(s) unchanged by the pull request, not converted</summary>\n\n` +
        `${listed.join('\n')}\n\n</details>\n\n`,
    )
    .write();
}
