/** URLs of what the publishing steps produce, built the way GitHub's own pages link them. */
import type { PublishEnvironment } from './environment.ts';

function repositoryUrl(env: PublishEnvironment): string {
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

export function runUrl(env: PublishEnvironment): string {
  return `${repositoryUrl(env)}/actions/runs/${env.runId}`;
}

/** The same link actions/upload-artifact gives as its `artifact-url` output. */
export function artifactUrl(env: PublishEnvironment, artifactId: number): string {
  return `${runUrl(env)}/artifacts/${artifactId}`;
}

export function commitUrl(env: PublishEnvironment, sha: string): string {
  return `${repositoryUrl(env)}/commit/${sha}`;
}

/** Link to a file as committed; `repoPath` uses `/` separators. */
export function committedFileUrl(env: PublishEnvironment, sha: string, repoPath: string): string {
  return `${repositoryUrl(env)}/blob/${sha}/${encodeUrlPath(repoPath)}`;
}

export function pullRequestUrl(env: PublishEnvironment, number: number): string {
  return `${repositoryUrl(env)}/pull/${number}`;
}
