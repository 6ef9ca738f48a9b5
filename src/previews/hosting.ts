/**
 * Where the preview images live: one branch per pull request (`<prefix>pr-<number>`), moved on every run to a
 * new parentless commit whose tree holds only that run's images. Images are linked by that commit's SHA through
 * github.com (`/blob/<sha>/<path>?raw=true`), which serves them to whoever may read the repository, private ones
 * included, unlike raw.githubusercontent.com. Nothing lands on the default branch or in the pull request's diff;
 * a branch never holds more than one run's images, and the branches of closed pull requests are deleted, so
 * the repository does not grow with the number of runs.
 */
import { stat } from 'node:fs/promises';
import * as core from '@actions/core';
import { gitBlobSha } from '../github/git-blob.ts';
import { asWrite, createBlobs, type GitRepository, readBranchHead } from '../github/git-data.ts';
import { httpStatusOf, reasonOf } from '../github/http-errors.ts';
import { encodeUrlPath } from '../github/links.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';

/** Open pull requests read to decide which preview branches to delete; beyond this, nothing is pruned. */
const MAX_OPEN_PULL_PAGES = 10;
/** Preview branches deleted per run at most. */
const MAX_PRUNED_PER_RUN = 20;

export interface ImageToHost {
  /** Local PNG file. */
  file: string;
  /** Path in the previews commit, `/` separators. */
  path: string;
}

export interface HostedImages {
  branch: string;
  commitSha: string;
  /** local file → URL that displays it */
  urls: Map<string, string>;
}

export function previewBranch(prefix: string, pullNumber: number): string {
  return `${prefix}pr-${pullNumber}`;
}

/** The URL through which github.com shows a file of a commit as an image, to anyone who can read the repository. */
export function imageUrl(env: RunnerEnvironment, commitSha: string, repoPath: string): string {
  const { owner, repo } = env.repository;
  return `${env.serverUrl}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/blob/${commitSha}/${encodeUrlPath(repoPath)}?raw=true`;
}

/**
 * Commits the images as the only content of a new parentless commit and points the pull request's preview
 * branch at it (created, or force-moved: the previous run's commit is dropped). Throws WriteDeniedError when
 * the token may not write contents.
 */
export async function hostImages(
  repository: GitRepository,
  env: RunnerEnvironment,
  branch: string,
  images: readonly ImageToHost[],
  message: string,
): Promise<HostedImages> {
  const files = await Promise.all(
    images.map(async (image) => {
      const sizeBytes = (await stat(image.file)).size;
      return { absolutePath: image.file, workspacePath: image.path, outputPath: image.path, sizeBytes };
    }),
  );
  const shas = new Map<string, string>();
  for (const file of files) shas.set(file.workspacePath, await gitBlobSha(file.absolutePath, file.sizeBytes));
  await createBlobs(repository, files, shas);

  const { octokit, where } = repository;
  const { data: tree } = await asWrite(() =>
    octokit.rest.git.createTree({
      ...where,
      tree: files.map((file) => ({
        path: file.workspacePath,
        mode: '100644' as const,
        type: 'blob' as const,
        sha: shas.get(file.workspacePath) as string,
      })),
    }),
  );
  const { data: commit } = await asWrite(() =>
    octokit.rest.git.createCommit({ ...where, message, tree: tree.sha, parents: [] }),
  );
  const current = await readBranchHead(repository, branch);
  if (current === undefined) {
    try {
      await asWrite(() =>
        octokit.rest.git.createRef({ ...where, ref: `refs/heads/${branch}`, sha: commit.sha }),
      );
    } catch (error) {
      // Another run of the same pull request created it first: ours is newer, so take the branch over.
      if (httpStatusOf(error) !== 422) throw error;
      await asWrite(() =>
        octokit.rest.git.updateRef({ ...where, ref: `heads/${branch}`, sha: commit.sha, force: true }),
      );
    }
  } else {
    await asWrite(() =>
      octokit.rest.git.updateRef({ ...where, ref: `heads/${branch}`, sha: commit.sha, force: true }),
    );
  }
  const urls = new Map(images.map((image) => [image.file, imageUrl(env, commit.sha, image.path)]));
  return { branch, commitSha: commit.sha, urls };
}

/** Deletes a preview branch if there is one; best effort (a token that may not write leaves it). */
export async function deletePreviewBranch(repository: GitRepository, branch: string): Promise<boolean> {
  const { octokit, where } = repository;
  try {
    await octokit.rest.git.deleteRef({ ...where, ref: `heads/${branch}` });
    return true;
  } catch (error) {
    core.debug(`previews: could not delete ${branch}: ${reasonOf(error)}`);
    return false;
  }
}

/**
 * Deletes the preview branches of pull requests that are no longer open (their comments' images go with
 * them). Best effort and bounded: a failure is a warning, and nothing is deleted when the open pull requests
 * could not all be read.
 */
export async function pruneClosedPreviewBranches(
  repository: GitRepository,
  prefix: string,
  keep: number,
): Promise<string[]> {
  const { octokit, where } = repository;
  const deleted: string[] = [];
  try {
    const { data: refs } = await octokit.rest.git.listMatchingRefs({ ...where, ref: `heads/${prefix}pr-` });
    const numbered = refs.flatMap((ref) => {
      const branch = ref.ref.replace(/^refs\/heads\//, '');
      const number = /^pr-(\d+)$/.exec(branch.slice(prefix.length))?.[1];
      return number !== undefined && branch.startsWith(prefix) && Number(number) !== keep
        ? [{ branch, number: Number(number) }]
        : [];
    });
    if (numbered.length === 0) return deleted;
    const open = new Set<number>();
    let pages = 0;
    for await (const page of octokit.paginate.iterator(octokit.rest.pulls.list, {
      ...where,
      state: 'open',
      per_page: 100,
    })) {
      for (const pull of page.data) open.add(pull.number);
      // More open pull requests than are read: any branch might belong to an unread one.
      if (++pages >= MAX_OPEN_PULL_PAGES && page.data.length === 100) return deleted;
    }
    for (const { branch, number } of numbered) {
      if (open.has(number) || deleted.length >= MAX_PRUNED_PER_RUN) continue;
      if (await deletePreviewBranch(repository, branch)) deleted.push(branch);
    }
  } catch (error) {
    core.warning(
      `previews: could not delete the preview branches of closed pull requests: ${reasonOf(error)}`,
    );
  }
  return deleted;
}
