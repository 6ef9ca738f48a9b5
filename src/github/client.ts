/** The Octokit client the commit, release and comment steps share. */
import * as github from '@actions/github';
import type { RunnerEnvironment } from '../settings/runner.ts';

export type GitHubClient = ReturnType<typeof github.getOctokit>;

/** Largest answer read from the API (a recursive tree listing of a big repository is a few MiB). */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** One GitHub API request (its answer included) gives up after this long. */
export const GITHUB_REQUEST_TIMEOUT_MS = 60_000;

/**
 * undefined without a token. The API base comes from the environment read for this run (GITHUB_API_URL). Every
 * request ends at publishing's deadline (`signal`) or after GITHUB_REQUEST_TIMEOUT_MS, whichever comes first.
 */
export function createGitHubClient(
  token: string,
  env: RunnerEnvironment,
  signal: AbortSignal = new AbortController().signal,
): GitHubClient | undefined {
  if (!token) return undefined;
  // Every request goes through this fetch, so the bound holds for paginated listings too; the timer covers the
  // answer's body, which Octokit reads within the same fetch call's signal.
  const boundedFetch: typeof fetch = async (input, init) => {
    const timeout = new AbortController();
    const timer = setTimeout(
      () =>
        timeout.abort(
          new Error(`the GitHub API did not answer within ${GITHUB_REQUEST_TIMEOUT_MS / 1000} s`),
        ),
      GITHUB_REQUEST_TIMEOUT_MS,
    );
    try {
      const response = await fetch(input, { ...init, signal: AbortSignal.any([signal, timeout.signal]) });
      // Octokit reads the body after this returns: read it here, still under the timer, and bounded.
      const body = await readBounded(response);
      const head = { status: response.status, statusText: response.statusText, headers: response.headers };
      return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, head);
    } finally {
      clearTimeout(timer);
    }
  };
  const octokit = github.getOctokit(token, { baseUrl: env.apiUrl, request: { fetch: boundedFetch } });
  return octokit;
}

async function readBounded(response: Response): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      // Leaving the loop cancels the body.
      throw new Error(`the GitHub API sent an answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
