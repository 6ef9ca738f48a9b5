/** The Octokit client the commit, release and comment steps share. */
import * as github from '@actions/github';
import type { PublishEnvironment } from './environment.ts';

export type GitHubClient = ReturnType<typeof github.getOctokit>;

/** One GitHub API request (its answer included) gives up after this long. */
export const GITHUB_REQUEST_TIMEOUT_MS = 60_000;

/**
 * undefined without a token. The API base comes from the environment read for this run (GITHUB_API_URL). Every
 * request ends at publishing's deadline (`signal`) or after GITHUB_REQUEST_TIMEOUT_MS, whichever comes first.
 */
export function createGitHubClient(
  token: string,
  env: PublishEnvironment,
  signal: AbortSignal = new AbortController().signal,
): GitHubClient | undefined {
  if (!token) return undefined;
  const octokit = github.getOctokit(token, { baseUrl: env.apiUrl });
  octokit.hook.wrap('request', async (request, options) => {
    const timeout = new AbortController();
    const timer = setTimeout(
      () =>
        timeout.abort(
          new Error(`the GitHub API did not answer within ${GITHUB_REQUEST_TIMEOUT_MS / 1000} s`),
        ),
      GITHUB_REQUEST_TIMEOUT_MS,
    );
    try {
      return await request({
        ...options,
        request: { ...options.request, signal: AbortSignal.any([signal, timeout.signal]) },
      });
    } finally {
      clearTimeout(timer);
    }
  });
  return octokit;
}
