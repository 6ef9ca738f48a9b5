/**
 * A pull request's file list (`GET /repos/{owner}/{repo}/pulls/{number}/files`), page by page. The changed-only
 * filter reads it first and hands the list on (ChangedOnlyOutcome.pullRequestFiles), so the previews do not read it
 * again; the previews read it themselves only when changed-only did not.
 */
import type { GitHubClient } from '../github/client.ts';

/** One entry of the list. */
export interface PullRequestFile {
  /** Path from the repository root; for a rename, the new name. */
  filename: string;
  status: string;
  /** The old name of a renamed file. */
  previous_filename?: string;
}

export const PAGE_SIZE = 100;
/** GitHub lists at most 3000 files of a pull request: 30 full pages mean the list may be cut short. */
export const MAX_LISTED_FILES = 3000;
export const MAX_PAGES = MAX_LISTED_FILES / PAGE_SIZE;

/** Page `page` (from 1) of the list, `PAGE_SIZE` entries at most. */
export function pullRequestFilePage(
  octokit: GitHubClient,
  repository: { owner: string; repo: string },
  number: number,
  page: number,
  signal?: AbortSignal,
): Promise<readonly PullRequestFile[]> {
  return octokit.rest.pulls
    .listFiles({ ...repository, pull_number: number, per_page: PAGE_SIZE, page, request: { signal } })
    .then(({ data }) =>
      data.map((file) => ({
        filename: file.filename,
        status: file.status,
        ...(file.previous_filename === undefined ? {} : { previous_filename: file.previous_filename }),
      })),
    );
}
