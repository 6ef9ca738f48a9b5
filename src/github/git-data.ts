/** The Git Data API calls the commit is made of: branch heads, tree lookups and blobs. */
import { open, readFile } from 'node:fs/promises';
import { pipeline, Readable, Transform } from 'node:stream';
import * as core from '@actions/core';
import { forEachInParallel } from '../common/in-parallel.ts';
import { untrustedText } from '../common/untrusted-text.ts';
import type { GitHubClient } from './client.ts';
import { httpStatusOf, isPermissionDenied, reasonOf } from './http-errors.ts';
import { commitShaFromApi } from './links.ts';
import { sendStreamForJson } from './stream-upload.ts';

/** A file on disk to be stored in the repository at `workspacePath`. */
export interface RepositoryFile {
  absolutePath: string;
  workspacePath: string;
  sizeBytes: number;
}

export interface GitRepository {
  octokit: GitHubClient;
  where: { owner: string; repo: string };
  /** REST API base, no trailing slash, and the token: large blobs are streamed past Octokit. */
  apiUrl: string;
  token: string;
  /** Publishing's deadline: stops a streamed blob. */
  signal?: AbortSignal;
}

export interface Head {
  commitSha: string;
  treeSha: string;
}

export interface TreeEntry {
  sha: string;
  mode: string;
  type: string;
}

/**
 * Files at least this large are sent one at a time, streamed: through Octokit a blob goes base64-encoded in a
 * JSON string, so it would be held in memory (about 2.7 times its size) while being sent.
 */
const LARGE_BLOB_BYTES = 8 * 1024 * 1024;
const BLOB_JSON_HEAD = '{"encoding":"base64","content":"';
const BLOB_JSON_TAIL = '"}';
const PARALLEL_SMALL_BLOBS = 4;

/** A write the token was not allowed to make. */
export class WriteDeniedError extends Error {}

export async function asWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isPermissionDenied(error)) throw new WriteDeniedError(reasonOf(error));
    throw error;
  }
}

async function readHead({ octokit, where }: GitRepository, commitSha: string): Promise<Head> {
  const { data } = await octokit.rest.git.getCommit({ ...where, commit_sha: commitSha });
  return { commitSha, treeSha: data.tree.sha };
}

/** The commit the branch points at; undefined when there is no such branch. */
export async function readBranchHead(
  { octokit, where }: GitRepository,
  branch: string,
): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.git.getRef({ ...where, ref: `heads/${branch}` });
    return commitShaFromApi(data.object.sha);
  } catch (error) {
    if (httpStatusOf(error) === 404) return undefined;
    throw error;
  }
}

/** The head of the branch; a missing branch is created at `startSha` (another run creating it first is fine). */
export async function readOrCreateBranch(
  repository: GitRepository,
  branch: string,
  startSha: string,
): Promise<Head> {
  const existing = await readBranchHead(repository, branch);
  if (existing) return readHead(repository, existing);
  if (!startSha)
    throw new Error(`branch ${branch} does not exist and GITHUB_SHA is not set to create it from`);
  const { octokit, where } = repository;
  try {
    await asWrite(() => octokit.rest.git.createRef({ ...where, ref: `refs/heads/${branch}`, sha: startSha }));
    core.info(`commit: created branch ${untrustedText(branch)} at ${startSha}`);
    return readHead(repository, startSha);
  } catch (error) {
    const raced = httpStatusOf(error) === 422 ? await readBranchHead(repository, branch) : undefined;
    if (!raced) throw error;
    return readHead(repository, raced);
  }
}

function toEntries(tree: readonly { path?: string; sha?: string; mode?: string; type?: string }[]) {
  const entries = new Map<string, TreeEntry>();
  for (const entry of tree) {
    if (entry.path && entry.sha)
      entries.set(entry.path, { sha: entry.sha, mode: entry.mode ?? '', type: entry.type ?? '' });
  }
  return entries;
}

/**
 * The entries at `paths` in a tree. One recursive read when GitHub returns the whole tree; when the tree is too
 * large and comes back truncated, only the directories on the way to the paths are read, each once.
 */
export async function entriesAt(
  { octokit, where }: GitRepository,
  treeSha: string,
  paths: readonly string[],
): Promise<Map<string, TreeEntry>> {
  const { data } = await octokit.rest.git.getTree({ ...where, tree_sha: treeSha, recursive: 'true' });
  if (!data.truncated) {
    const all = toEntries(data.tree);
    return new Map(paths.flatMap((path) => (all.has(path) ? [[path, all.get(path) as TreeEntry]] : [])));
  }
  const listings = new Map<string, Promise<Map<string, TreeEntry> | undefined>>();
  const split = (path: string) => {
    const slash = path.lastIndexOf('/');
    return { directory: slash < 0 ? '' : path.slice(0, slash), name: path.slice(slash + 1) };
  };
  const listing = (directory: string): Promise<Map<string, TreeEntry> | undefined> => {
    let pending = listings.get(directory);
    if (!pending) {
      pending = (async () => {
        let sha = treeSha;
        if (directory !== '') {
          const { directory: parentDirectory, name } = split(directory);
          const entry = (await listing(parentDirectory))?.get(name);
          if (entry?.type !== 'tree') return undefined;
          sha = entry.sha;
        }
        const { data: tree } = await octokit.rest.git.getTree({ ...where, tree_sha: sha });
        return toEntries(tree.tree);
      })();
      listings.set(directory, pending);
    }
    return pending;
  };
  const found = new Map<string, TreeEntry>();
  for (const path of paths) {
    const { directory, name } = split(path);
    const entry = (await listing(directory))?.get(name);
    if (entry) found.set(path, entry);
  }
  return found;
}

/**
 * Base64 of a byte stream, chunk by chunk: each chunk's bytes are encoded in whole groups of three, and the
 * 0–2 bytes left over are kept for the next chunk (or the end), so the output equals one `toString('base64')`.
 */
export function base64Encoder(): Transform {
  let leftover = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const bytes = leftover.length > 0 ? Buffer.concat([leftover, chunk]) : chunk;
      const whole = bytes.length - (bytes.length % 3);
      leftover = Buffer.from(bytes.subarray(whole));
      callback(null, whole > 0 ? bytes.toString('base64', 0, whole) : undefined);
    },
    flush(callback) {
      callback(null, leftover.length > 0 ? leftover.toString('base64') : undefined);
    },
  });
}

/** The blob request's JSON, streamed: the file's base64 between a fixed head and tail. */
async function* blobJson(file: Readable): AsyncGenerator<Buffer | string> {
  yield BLOB_JSON_HEAD;
  // pipeline destroys the encoder when the file fails, so the loop below ends with the file's error.
  yield* pipeline(file, base64Encoder(), () => undefined);
  yield BLOB_JSON_TAIL;
}

/** The length of the blob request's JSON for a file of `sizeBytes`, known before anything is read. */
export function blobJsonLength(sizeBytes: number): number {
  return BLOB_JSON_HEAD.length + 4 * Math.ceil(sizeBytes / 3) + BLOB_JSON_TAIL.length;
}

/** POST /git/blobs with the body streamed from disk through @actions/http-client. Returns the blob's SHA. */
async function streamBlob(repository: GitRepository, file: RepositoryFile): Promise<string> {
  const { owner, repo } = repository.where;
  const url = `${repository.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/git/blobs`;
  const handle = await open(file.absolutePath);
  try {
    const data = await sendStreamForJson(
      repository.token,
      'POST',
      url,
      Readable.from(blobJson(handle.createReadStream())),
      {
        accept: 'application/vnd.github+json',
        'content-type': 'application/json',
        'content-length': String(blobJsonLength(file.sizeBytes)),
      },
      repository.signal,
    );
    return String((data as { sha?: unknown } | undefined)?.sha ?? '');
  } finally {
    await handle.close();
  }
}

async function createBlob(repository: GitRepository, file: RepositoryFile, sha: string): Promise<void> {
  const { octokit, where } = repository;
  let created: string;
  if (file.sizeBytes >= LARGE_BLOB_BYTES) {
    created = await asWrite(() => streamBlob(repository, file));
  } else {
    const content = (await readFile(file.absolutePath)).toString('base64');
    const { data } = await asWrite(() =>
      octokit.rest.git.createBlob({ ...where, content, encoding: 'base64' }),
    );
    created = data.sha;
  }
  if (created !== sha) throw new Error(`${file.workspacePath} changed while it was being committed`);
}

/** Uploads the files as blobs (`shas`: workspace path → the blob SHA computed locally, checked against GitHub's). */
export async function createBlobs(
  repository: GitRepository,
  files: readonly RepositoryFile[],
  shas: ReadonlyMap<string, string>,
): Promise<void> {
  const shaOf = (file: RepositoryFile) => shas.get(file.workspacePath) as string;
  const small = files.filter((file) => file.sizeBytes < LARGE_BLOB_BYTES);
  await forEachInParallel(small, PARALLEL_SMALL_BLOBS, (file) => createBlob(repository, file, shaOf(file)));
  for (const file of files) {
    if (file.sizeBytes >= LARGE_BLOB_BYTES) await createBlob(repository, file, shaOf(file));
  }
}
