/**
 * A commit of the converted files through the Git Data API: only files whose content differs from the branch
 * head are uploaded, the tree is built on top of the head's tree, and the branch is moved without force. When
 * another commit lands in between, the commit is rebuilt on the new head, so neither commit is lost. Files go in
 * at their path in the checked-out repository, which need not be the workspace itself.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { untrustedText } from '../common/untrusted-text.ts';
import type { GitHubClient } from '../github/client.ts';
import { gitBlobSha } from '../github/git-blob.ts';
import {
  asWrite,
  createBlobs,
  entriesAt,
  type GitRepository,
  readBranchHead,
  readOrCreateBranch,
  WriteDeniedError,
} from '../github/git-data.ts';
import { CONTENTS_WRITE_HINT, httpStatusOf, reasonOf } from '../github/http-errors.ts';
import { commitShaFromApi, committedFileUrl, commitUrl, githubLink } from '../github/links.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { PublishSettings } from '../settings/types.ts';
import { type ConvertedFile, toPosixRelative } from './files.ts';
import { addFileLink, type OutcomeDraft, readyToWrite } from './outcome.ts';

/** GitHub refuses files larger than this in a repository. */
export const GITHUB_FILE_LIMIT_BYTES = 100 * 1024 * 1024;
/** GitHub warns about files larger than this. */
const GITHUB_FILE_WARNING_BYTES = 50 * 1024 * 1024;
export const MAX_COMMIT_ATTEMPTS = 5;
const REGULAR_FILE_MODE = '100644' as const;

/** Where the converted files are on disk. */
export interface CommitLocation {
  workspace: string;
  outputDir: string;
}

/** A file to commit and its path in the repository (relative to the checkout's root, `/` separators). */
interface CommitFile extends ConvertedFile {
  repositoryPath: string;
}

/** What one commit attempt needs; the same for every attempt. */
interface CommitJob {
  repository: GitRepository;
  branch: string;
  files: readonly CommitFile[];
  /** Repository paths to delete from the branch (when present there). */
  removed: readonly string[];
  /** workspace path → git blob SHA computed locally */
  shas: ReadonlyMap<string, string>;
  /** blob SHAs already sent, so a retry does not send them again */
  uploaded: Set<string>;
  settings: PublishSettings;
  env: RunnerEnvironment;
  outcome: OutcomeDraft;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The branch that receives the commit, or why there is none. */
export function commitBranchFor(
  settings: PublishSettings,
  env: RunnerEnvironment,
): { branch: string } | { error: string } {
  if (settings.commitBranch) return { branch: settings.commitBranch };
  const pr = env.pullRequest;
  const thisRepository = `${env.repository.owner}/${env.repository.repo}`;
  if (pr?.headRef) {
    if (pr.headRepoFullName && pr.headRepoFullName.toLowerCase() !== thisRepository.toLowerCase()) {
      return {
        error: `the pull request's branch is in the fork ${pr.headRepoFullName}, which this run's token cannot push to; set commit-branch to a branch of ${thisRepository}`,
      };
    }
    return { branch: pr.headRef };
  }
  if (env.ref.startsWith('refs/heads/')) return { branch: env.ref.slice('refs/heads/'.length) };
  return { error: `cannot tell which branch to commit to (GITHUB_REF is '${env.ref}'); set commit-branch` };
}

/**
 * The root of the checkout holding the outputs: the nearest directory with a `.git` entry (a directory, or a
 * file in a worktree or submodule), looking up from output-dir (or the workspace, when output-dir contains it).
 * Without one, paths are taken relative to the workspace.
 */
export async function findRepositoryRoot({ workspace, outputDir }: CommitLocation): Promise<string> {
  const outputInWorkspace =
    path.resolve(outputDir) === path.resolve(workspace) ||
    toPosixRelative(workspace, outputDir) !== undefined;
  let directory = path.resolve(outputInWorkspace ? outputDir : workspace);
  for (;;) {
    try {
      await lstat(path.join(directory, '.git'));
      return directory;
    } catch {
      // not here; look one level up
    }
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  core.debug(
    `commit: no .git found at or above ${outputInWorkspace ? outputDir : workspace}; committing paths relative to the workspace ${workspace}`,
  );
  return workspace;
}

function refuseOversized(files: readonly ConvertedFile[]): string | undefined {
  for (const file of files) {
    if (file.sizeBytes > GITHUB_FILE_WARNING_BYTES && file.sizeBytes <= GITHUB_FILE_LIMIT_BYTES) {
      core.warning(
        `commit: ${file.workspacePath} is ${mebibytes(file.sizeBytes)}; GitHub recommends files under 50 MiB`,
      );
    }
  }
  const oversized = files.filter((file) => file.sizeBytes > GITHUB_FILE_LIMIT_BYTES);
  if (oversized.length === 0) return undefined;
  const list = oversized.map((file) => `${file.workspacePath} (${mebibytes(file.sizeBytes)})`).join(', ');
  return `commit: refused, nothing was written: GitHub does not accept files over 100 MiB: ${list}`;
}

function linkFiles(job: CommitJob, commitSha: string): void {
  for (const file of job.files) {
    const link = githubLink(committedFileUrl(job.env, commitSha, file.repositoryPath), job.env);
    if (link) addFileLink(job.outcome, file.absolutePath, { commit: link });
  }
}

async function commitOnce(job: CommitJob): Promise<'done' | 'branch-moved'> {
  const { repository, branch, files, shas, outcome } = job;
  const { octokit, where } = repository;
  const shaOf = (file: ConvertedFile) => shas.get(file.workspacePath) as string;
  const head = await readOrCreateBranch(repository, branch, job.env.sha);
  const existing = await entriesAt(repository, head.treeSha, [
    ...files.map((file) => file.repositoryPath),
    ...job.removed,
  ]);
  const changed = files.filter((file) => {
    const entry = existing.get(file.repositoryPath);
    return entry?.sha !== shaOf(file) || entry.mode !== REGULAR_FILE_MODE;
  });
  const deleted = job.removed.filter((repositoryPath) => existing.has(repositoryPath));
  if (changed.length === 0 && deleted.length === 0) {
    outcome.notices.push(`commit: nothing changed on ${branch}, no commit made`);
    linkFiles(job, head.commitSha);
    return 'done';
  }
  await createBlobs(
    repository,
    changed.filter((file) => !job.uploaded.has(shaOf(file))),
    shas,
  );
  for (const file of changed) job.uploaded.add(shaOf(file));
  const { data: tree } = await asWrite(() =>
    octokit.rest.git.createTree({
      ...where,
      base_tree: head.treeSha,
      tree: [
        ...changed.map((file) => ({
          path: file.repositoryPath,
          mode: REGULAR_FILE_MODE,
          type: 'blob' as const,
          sha: shaOf(file),
        })),
        // A null sha deletes the path from the base tree.
        ...deleted.map((repositoryPath) => ({
          path: repositoryPath,
          mode: REGULAR_FILE_MODE,
          type: 'blob' as const,
          sha: null,
        })),
      ],
    }),
  );
  const { data: commit } = await asWrite(() =>
    octokit.rest.git.createCommit({
      ...where,
      message: job.settings.commitMessage,
      tree: tree.sha,
      parents: [head.commitSha],
    }),
  );
  // Checked before it is used anywhere: a crafted answer must not steer the ref update, an output or a link.
  const commitSha = commitShaFromApi(commit.sha);
  try {
    await asWrite(() =>
      octokit.rest.git.updateRef({ ...where, ref: `heads/${branch}`, sha: commitSha, force: false }),
    );
  } catch (error) {
    // 422 is how GitHub refuses an update that is not a fast-forward; it is a race only if the branch really moved.
    if (httpStatusOf(error) === 422 && (await readBranchHead(repository, branch)) !== head.commitSha) {
      return 'branch-moved';
    }
    throw error;
  }
  outcome.commitSha = commitSha;
  const link = githubLink(commitUrl(job.env, commitSha), job.env);
  if (link) outcome.commitUrl = link;
  linkFiles(job, commitSha);
  const removedNote = deleted.length > 0 ? `, ${deleted.length} removed,` : '';
  core.info(
    `commit: ${changed.length} changed file(s)${removedNote} committed to ${untrustedText(branch)}: ${link ?? commitSha}`,
  );
  return 'done';
}

export async function publishCommit(
  files: readonly ConvertedFile[],
  settings: PublishSettings,
  env: RunnerEnvironment,
  maybeOctokit: GitHubClient | undefined,
  outcome: OutcomeDraft,
  location: CommitLocation,
  /** Publishing's deadline: stops a streamed blob. */
  signal?: AbortSignal,
  /** Absolute paths of outputs to delete from the branch (outputs of deleted sources). */
  removed: readonly string[] = [],
): Promise<void> {
  const octokit = readyToWrite('commit', files, maybeOctokit, env, outcome);
  if (!octokit) return;
  const refusal = refuseOversized(files);
  if (refusal) {
    outcome.failures.push(refusal);
    return;
  }
  const target = commitBranchFor(settings, env);
  if ('error' in target) {
    outcome.failures.push(`commit: ${target.error}`);
    return;
  }
  try {
    const root = await findRepositoryRoot(location);
    const commitFiles = files.map((file) => ({
      ...file,
      repositoryPath: toPosixRelative(root, file.absolutePath) ?? file.workspacePath,
    }));
    const shas = new Map<string, string>();
    for (const file of files)
      shas.set(file.workspacePath, await gitBlobSha(file.absolutePath, file.sizeBytes));
    const job: CommitJob = {
      repository: {
        octokit,
        where: { owner: env.repository.owner, repo: env.repository.repo },
        apiUrl: env.apiUrl,
        token: settings.githubToken,
        signal,
      },
      branch: target.branch,
      files: commitFiles,
      removed: removed.map(
        (file) => toPosixRelative(root, file) ?? toPosixRelative(location.workspace, file) ?? file,
      ),
      shas,
      uploaded: new Set(),
      settings,
      env,
      outcome,
    };
    for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
      if ((await commitOnce(job)) === 'done') return;
      core.info(
        `commit: ${untrustedText(target.branch)} moved while committing (attempt ${attempt} of ${MAX_COMMIT_ATTEMPTS})`,
      );
    }
    outcome.failures.push(
      `commit: ${target.branch} kept moving; gave up after ${MAX_COMMIT_ATTEMPTS} attempts (the branch is never force-updated)`,
    );
  } catch (error) {
    if (error instanceof WriteDeniedError || httpStatusOf(error) === 403) {
      outcome.failures.push(`commit: ${CONTENTS_WRITE_HINT} (${reasonOf(error)})`);
    } else {
      outcome.failures.push(`commit: to ${target.branch} failed: ${reasonOf(error)}`);
    }
  }
}
