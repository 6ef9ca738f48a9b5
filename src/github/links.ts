/** URLs of what the publishing steps produce, built the way GitHub's own pages link them. */
import * as core from '@actions/core';
import type { RunnerEnvironment } from '../settings/runner.ts';

function repositoryUrl(env: RunnerEnvironment): string {
  return `${env.serverUrl}/${env.repository.owner}/${env.repository.repo}`;
}

/** Percent-encodes each segment of a `/`-separated path, including the characters that would end a Markdown link. */
export function encodeUrlPath(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');
}

export function runUrl(env: RunnerEnvironment): string {
  return `${repositoryUrl(env)}/actions/runs/${env.runId}`;
}

/** The same link actions/upload-artifact gives as its `artifact-url` output. */
export function artifactUrl(env: RunnerEnvironment, artifactId: number): string {
  return `${runUrl(env)}/artifacts/${artifactId}`;
}

/** A Git object name: SHA-1 (40 hex characters) or SHA-256 (64). */
const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

export function isCommitSha(value: unknown): value is string {
  return typeof value === 'string' && COMMIT_SHA.test(value);
}

/** A commit SHA from an API answer, or an error that does not echo it (it may be hostile). */
export function commitShaFromApi(value: unknown): string {
  if (isCommitSha(value)) return value;
  throw new Error('the GitHub API answered a commit SHA that is not 40 or 64 hex characters');
}

/** Link to a commit; undefined (no link) for anything but a commit SHA, so a crafted one cannot steer the path. */
export function commitUrl(env: RunnerEnvironment, sha: string): string | undefined {
  return isCommitSha(sha) ? `${repositoryUrl(env)}/commit/${sha}` : undefined;
}

/** Link to a file as committed; `repoPath` uses `/` separators. Undefined for anything but a commit SHA. */
export function committedFileUrl(env: RunnerEnvironment, sha: string, repoPath: string): string | undefined {
  return isCommitSha(sha) ? `${repositoryUrl(env)}/blob/${sha}/${encodeUrlPath(repoPath)}` : undefined;
}

/** Characters that could end or restyle a Markdown link, percent-encoded in a URL that goes into one. */
const MARKDOWN_BREAKING = /[()[\]<>"'`!*\\\s|{}^]/g;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A URL from an API answer (comment, release, asset, artifact) made fit for Markdown and the outputs, or undefined:
 * only https (http only for a loopback stand-in of a server configured as http), no credentials, and a host of the
 * GitHub server itself, its API or its uploads host. `)` and the like are percent-encoded so the URL cannot leave
 * its link. A refused URL is left out with a debug line (it may be hostile, so it is not echoed in full).
 */
export function githubLink(
  url: unknown,
  env: Pick<RunnerEnvironment, 'serverUrl' | 'apiUrl'>,
): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    refused('not a URL');
    return undefined;
  }
  const configured = [env.serverUrl, env.apiUrl].flatMap((base) => {
    try {
      return [new URL(base)];
    } catch {
      return [];
    }
  });
  const hosts = new Set(configured.map((base) => base.host));
  for (const base of configured) {
    hosts.add(`api.${base.host}`);
    hosts.add(`uploads.${base.host}`);
  }
  const plainHttpAllowed =
    LOOPBACK_HOSTS.has(parsed.hostname) && configured.some((base) => base.protocol === 'http:');
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && plainHttpAllowed)) {
    refused(`its scheme is ${parsed.protocol}`);
  } else if (parsed.username !== '' || parsed.password !== '') {
    refused('it holds credentials');
  } else if (!hosts.has(parsed.host)) {
    refused(`its host ${parsed.host} is not the GitHub server's`);
  } else {
    // `href` is ASCII: the parser has already encoded spaces and anything beyond ASCII.
    return parsed.href.replace(MARKDOWN_BREAKING, hexOf);
  }
  return undefined;
}

function hexOf(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

function refused(why: string): void {
  core.debug(`A link from the API was left out: ${why}.`);
}
