/**
 * What the commits being checked out changed, by the GitHub API's compare of the commit before them (a push's
 * `before`, a pull request's base) with the checked-out commit. Committed outputs are a cache only for what these
 * commits left alone: a pull request can commit a forged manifest entry and output beside its change of a source,
 * and nothing in the repository can tell them from the action's own, so only a file the reviewed history did not
 * touch in these commits is trusted.
 */
import { messageOf } from '../common/errors.ts';
import { createGitHubClient } from '../github/client.ts';
import { isCommitSha } from '../github/links.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';

/** GitHub's compare lists at most 300 files; a list this long may be cut, so it is not trusted as whole. */
const MAX_COMPARED_FILES = 300;

export type PushedChanges = { paths: ReadonlySet<string> } | { unknown: string };

/** The repository paths the checked-out commits changed (added, modified, removed, renamed from or to). */
export async function pushedChanges(
  token: string,
  runner: RunnerEnvironment,
  signal: AbortSignal,
): Promise<PushedChanges> {
  const base = runner.eventName === 'push' ? runner.pushBefore : runner.pullRequest?.baseSha;
  const head = runner.sha;
  if (!isCommitSha(base) || /^0+$/.test(base)) {
    return { unknown: `the ${runner.eventName || 'run'} event names no earlier commit to compare with` };
  }
  if (!isCommitSha(head)) return { unknown: 'GITHUB_SHA is not a commit SHA' };
  if (base === head) return { paths: new Set() };
  const octokit = createGitHubClient(token, runner, signal);
  if (!octokit) return { unknown: 'there is no github-token to compare commits with' };
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      ...runner.repository,
      basehead: `${base}...${head}`,
      per_page: 1,
    });
    const files = Array.isArray(data.files) ? data.files : [];
    if (files.length >= MAX_COMPARED_FILES) return { unknown: 'the commits change too many files to list' };
    const paths = new Set<string>();
    for (const file of files) {
      if (typeof file.filename === 'string') paths.add(file.filename);
      if (typeof file.previous_filename === 'string') paths.add(file.previous_filename);
    }
    return { paths };
  } catch (error) {
    return { unknown: `comparing the commits failed (${messageOf(error)})` };
  }
}
