/** The Octokit client the commit, release and comment steps share. */
import * as github from '@actions/github';
import type { PublishEnvironment } from './environment.ts';

export type GitHubClient = ReturnType<typeof github.getOctokit>;

/** undefined without a token. The API base comes from the environment read for this run (GITHUB_API_URL). */
export function createGitHubClient(token: string, env: PublishEnvironment): GitHubClient | undefined {
  if (!token) return undefined;
  return github.getOctokit(token, { baseUrl: env.apiUrl });
}
