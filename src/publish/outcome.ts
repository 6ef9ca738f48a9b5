import type { GitHubClient } from '../github/client.ts';
import { hasRepository, type RunnerEnvironment } from '../settings/runner.ts';
/** What publishing produced: links for every output, and what went wrong, step by step. */

export interface FileLinks {
  /** URL of the file's own unzipped artifact (artifact-per-file). */
  artifact?: string;
  /** URL of the file as committed. */
  commit?: string;
  /** Download URL of the release asset. */
  release?: string;
}

export interface PublishOutcome {
  artifactId?: number;
  artifactUrl?: string;
  commitSha?: string;
  commitUrl?: string;
  commentUrl?: string;
  releaseUrl?: string;
  /** absolute local output path → links to it */
  fileLinks: ReadonlyMap<string, FileLinks>;
  /** One line per publishing step (or unit of it) that failed, prefixed with the step; empty when all went well. */
  failures: string[];
  /** Things a user should know that are not failures, prefixed with the step. */
  notices: string[];
}

/** The mutable form the steps fill in, in order. */
export interface OutcomeDraft extends PublishOutcome {
  fileLinks: Map<string, FileLinks>;
}

export function emptyOutcome(): OutcomeDraft {
  return { fileLinks: new Map(), failures: [], notices: [] };
}

export function addFileLink(outcome: OutcomeDraft, absolutePath: string, links: FileLinks): void {
  outcome.fileLinks.set(absolutePath, { ...outcome.fileLinks.get(absolutePath), ...links });
}

/**
 * What stops a repository-writing step (commit, release) before it starts, recorded on the outcome: nothing to
 * send is a notice, a missing token or repository is a failure. Returns the client when the step can go on.
 */
export function readyToWrite(
  step: 'commit' | 'release',
  files: readonly unknown[],
  octokit: GitHubClient | undefined,
  env: RunnerEnvironment,
  outcome: OutcomeDraft,
): GitHubClient | undefined {
  if (files.length === 0) {
    outcome.notices.push(
      `${step}: skipped, no converted files to ${step === 'commit' ? 'commit' : 'upload'}`,
    );
    return undefined;
  }
  if (!octokit) {
    outcome.failures.push(`${step}: no github-token was given`);
    return undefined;
  }
  if (!hasRepository(env)) {
    outcome.failures.push(`${step}: not running in a GitHub repository (GITHUB_REPOSITORY is not set)`);
    return undefined;
  }
  return octokit;
}
