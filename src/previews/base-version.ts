/**
 * What a pull request changed, and a document's content at the pull request's base commit, both through the
 * REST API so a shallow checkout is enough. Every list is paginated with a bound and every download is
 * size-checked before it starts and counted while it runs.
 */
import { open, rename, rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpClient } from '@actions/http-client';
import { BearerCredentialHandler } from '@actions/http-client/lib/auth';
import type { GitRepository } from '../github/git-data.ts';
import { httpStatusOf } from '../github/http-errors.ts';
import { HttpStatusError } from '../github/stream-upload.ts';
import {
  MAX_PAGES,
  PAGE_SIZE,
  type PullRequestFile,
  pullRequestFilePage,
} from '../plan/pull-request-files.ts';

/** The contents and blob APIs serve files up to 100 MB. */
export const MAX_BASE_BYTES = 100 * 1024 * 1024;

export type ChangeStatus = 'added' | 'removed' | 'modified';

export interface ChangedFile {
  /** Path in the repository at the head, `/` separators. */
  path: string;
  status: ChangeStatus;
  /** Path at the base, when the file was renamed (else the same as `path`). */
  basePath: string;
}

/** The files the pull request changes, as GitHub lists them (renamed and copied files count as modified). */
export async function listChangedFiles(
  { octokit, where }: GitRepository,
  pullNumber: number,
): Promise<ChangedFile[]> {
  const listed: PullRequestFile[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const files = await pullRequestFilePage(octokit, where, pullNumber, page);
    listed.push(...files);
    if (files.length < PAGE_SIZE) break;
  }
  return changedFilesOf(listed);
}

/** The list as GitHub gives it, as previews need it (renamed and copied files count as modified). */
export function changedFilesOf(files: readonly PullRequestFile[]): ChangedFile[] {
  return files.map((file) => {
    const status: ChangeStatus =
      file.status === 'added' ? 'added' : file.status === 'removed' ? 'removed' : 'modified';
    return { path: file.filename, status, basePath: file.previous_filename ?? file.filename };
  });
}

/** The file is not at the base commit (or is not a regular file there). */
export class NotAtBaseError extends Error {}

/**
 * Downloads `repoPath` as it is at commit `ref` to `target`: the contents API gives its blob SHA, size and
 * kind; the bytes then come from the git blob API as a raw stream (the contents API inlines small files as
 * base64 and refuses raw bodies of large ones on some servers; the blob endpoint serves both the same way).
 */
export async function downloadBaseVersion(
  repository: GitRepository,
  repoPath: string,
  ref: string,
  target: string,
  maxBytes = MAX_BASE_BYTES,
): Promise<number> {
  const { octokit, where } = repository;
  let entry: { type: string; sha: string; size: number };
  try {
    const { data } = await octokit.rest.repos.getContent({ ...where, path: repoPath, ref });
    if (Array.isArray(data)) throw new NotAtBaseError(`${repoPath} is a directory at ${ref.slice(0, 7)}`);
    entry = data as { type: string; sha: string; size: number };
  } catch (error) {
    if (httpStatusOf(error) === 404)
      throw new NotAtBaseError(`${repoPath} does not exist at ${ref.slice(0, 7)}`);
    throw error;
  }
  if (entry.type !== 'file') throw new NotAtBaseError(`${repoPath} is a ${entry.type} at ${ref.slice(0, 7)}`);
  if (entry.size > maxBytes) {
    throw new Error(
      `${repoPath} is ${entry.size} bytes at the base, more than the ${maxBytes} that are fetched`,
    );
  }
  const url = `${repository.apiUrl}/repos/${encodeURIComponent(where.owner)}/${encodeURIComponent(where.repo)}/git/blobs/${entry.sha}`;
  await streamToFile(repository.token, url, target, Math.min(maxBytes, entry.size));
  return entry.size;
}

/** GET `url` as raw bytes into `target` (written as `.part`, renamed when whole); more than `maxBytes` fails. */
async function streamToFile(token: string, url: string, target: string, maxBytes: number): Promise<void> {
  const http = new HttpClient('convert-documents-action', [new BearerCredentialHandler(token)]);
  const partial = `${target}.part`;
  try {
    const response = await http.get(url, { accept: 'application/vnd.github.raw' });
    const status = response.message.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      const text = (await response.readBody()).slice(0, 200);
      throw new HttpStatusError(status, `HTTP ${status}: ${text}`);
    }
    let received = 0;
    const bounded = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > maxBytes)
          callback(new Error(`the download is larger than the ${maxBytes} bytes announced`));
        else callback(null, chunk);
      },
    });
    // Opened first, so the file exists before a failure removes it (a lazily opened stream could create it after).
    const file = await open(partial, 'w');
    await pipeline(response.message, bounded, file.createWriteStream());
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    http.dispose();
  }
}
