/**
 * Plan filter for pull requests: keeps the jobs of documents the pull request adds or modifies, and sets the others
 * aside as unchanged (not converted, not failed). The pull request's file list comes from the REST API, so a shallow
 * checkout is enough. Whenever the list cannot be trusted whole, every document is converted, with a notice.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { GitHubClient } from '../github/client.ts';
import type { ChangedOnlyMode } from '../settings/changed-only.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';
import {
  MAX_LISTED_FILES,
  MAX_PAGES,
  PAGE_SIZE,
  type PullRequestFile,
  pullRequestFilePage,
} from './pull-request-files.ts';
import type { ConversionJob, Plan } from './types.ts';

/** Reads one page (from 1) of a pull request's file list, `PAGE_SIZE` entries at most. */
export { MAX_LISTED_FILES, PAGE_SIZE, type PullRequestFile } from './pull-request-files.ts';

export type PullRequestFilePages = (page: number, signal: AbortSignal) => Promise<readonly PullRequestFile[]>;

/** The whole list is read within this (main's signal), or every document is converted. */
export const LIST_TIMEOUT_MS = 30_000;

/** Statuses of a file whose content in the pull request is new or different. `removed` and `unchanged` are not. */
const CHANGED_STATUSES = new Set(['added', 'modified', 'renamed', 'copied', 'changed']);

export interface ChangedOnlyContext {
  mode: ChangedOnlyMode;
  eventName: string;
  /** The pull request of the event, when there is one. */
  pullRequestNumber: number | undefined;
  /** undefined when there is no token to read the list with. */
  pages: PullRequestFilePages | undefined;
  workspace: string;
}

export interface ChangedOnlyOutcome {
  /** The jobs to convert. */
  plan: Plan;
  /** Jobs left out because the pull request does not change their document; none when everything is converted. */
  unchanged: readonly ConversionJob[];
  /** What a user should know: how many were left out, or why everything is converted after all. */
  notice: string | undefined;
  /** The pull request's whole file list, when it was read complete: later stages (previews) need not read it again. */
  pullRequestFiles?: readonly PullRequestFile[];
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

/** True when the run should convert only what the pull request changes. */
export function wantsChangedOnly(mode: ChangedOnlyMode, eventName: string): boolean {
  return mode === 'always' || (mode === 'auto' && PULL_REQUEST_EVENTS.has(eventName));
}

export async function keepChangedDocuments(
  plan: Plan,
  context: ChangedOnlyContext,
  signal: AbortSignal,
): Promise<ChangedOnlyOutcome> {
  const everything = (notice?: string): ChangedOnlyOutcome => ({ plan, unchanged: [], notice });
  if (!wantsChangedOnly(context.mode, context.eventName)) return everything();
  const fallback = 'changed-only: converting every document, because';
  if (context.pullRequestNumber === undefined) {
    return everything(
      `${fallback} this run belongs to no pull request (event ${context.eventName || 'unknown'})`,
    );
  }
  if (context.pages === undefined)
    return everything(`${fallback} no github-token was given to read its files`);

  const listed = await changedFiles(context.pages, signal);
  if (listed.kind === 'unreadable') {
    return everything(
      `${fallback} the files of pull request #${context.pullRequestNumber} could not be read (${listed.reason})`,
    );
  }
  if (listed.kind === 'truncated') {
    return everything(
      `${fallback} pull request #${context.pullRequestNumber} changes ${MAX_LISTED_FILES} files or more, ` +
        'more than GitHub lists',
    );
  }

  const changedDocuments = new Set<number>();
  const repositoryPaths = new RepositoryPaths(context.workspace);
  for (const [index, document] of plan.documents.entries()) {
    if (listed.paths.has(await repositoryPaths.of(document.workspacePath))) changedDocuments.add(index);
  }
  const jobs = plan.jobs.filter((job) => changedDocuments.has(job.documentIndex));
  const unchanged = plan.jobs.filter((job) => !changedDocuments.has(job.documentIndex));
  return {
    plan: { documents: plan.documents, jobs },
    unchanged,
    pullRequestFiles: listed.files,
    notice:
      `changed-only: pull request #${context.pullRequestNumber} changes ${changedDocuments.size} of ` +
      `${plan.documents.length} document(s); ${plan.documents.length - changedDocuments.size} unchanged, not converted`,
  };
}

/** The stage as main runs it: the event and token from the runner, the list through the REST API. */
export async function selectChangedDocuments(
  settings: Pick<Settings, 'changedOnly' | 'workspace' | 'publish'>,
  plan: Plan,
  environment: RunnerEnvironment,
): Promise<ChangedOnlyOutcome> {
  const { mode } = settings.changedOnly;
  const number = environment.pullRequest?.number;
  let pages: PullRequestFilePages | undefined;
  if (wantsChangedOnly(mode, environment.eventName) && number !== undefined && settings.publish.githubToken) {
    // Loaded only when needed: the GitHub client is a large part of the bundle's start-up.
    const { createGitHubClient } = await import('../github/client.ts');
    const octokit = createGitHubClient(settings.publish.githubToken, environment);
    if (octokit) pages = pullRequestFilePages(octokit, environment.repository, number);
  }
  return keepChangedDocuments(
    plan,
    {
      mode,
      eventName: environment.eventName,
      pullRequestNumber: number,
      pages,
      workspace: settings.workspace,
    },
    AbortSignal.timeout(LIST_TIMEOUT_MS),
  );
}

/** Pages of `GET /repos/{owner}/{repo}/pulls/{number}/files`. */
export function pullRequestFilePages(
  octokit: GitHubClient,
  repository: { owner: string; repo: string },
  number: number,
): PullRequestFilePages {
  return (page, signal) => pullRequestFilePage(octokit, repository, number, page, signal);
}

type Listing =
  | { kind: 'complete'; paths: ReadonlySet<string>; files: readonly PullRequestFile[] }
  | { kind: 'truncated' }
  | { kind: 'unreadable'; reason: string };

/** Reads the list page by page, at most MAX_PAGES, keeping the paths whose content the pull request changes. */
async function changedFiles(pages: PullRequestFilePages, signal: AbortSignal): Promise<Listing> {
  const paths = new Set<string>();
  const all: PullRequestFile[] = [];
  let listed = 0;
  try {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const files = await pages(page, signal);
      listed += files.length;
      all.push(...files);
      for (const file of files) {
        if (typeof file.filename === 'string' && CHANGED_STATUSES.has(file.status)) paths.add(file.filename);
      }
      if (files.length < PAGE_SIZE) return { kind: 'complete', paths, files: all };
    }
  } catch (error) {
    const reason = signal.aborted
      ? 'no complete answer in time'
      : error instanceof Error
        ? error.message
        : String(error);
    return { kind: 'unreadable', reason };
  }
  return listed >= MAX_LISTED_FILES ? { kind: 'truncated' } : { kind: 'complete', paths, files: all };
}

/**
 * Paths from the root of the checkout holding each document (the nearest directory above it with a `.git`), as the
 * pull request's list names them. The checkout need not be the workspace (actions/checkout's `path`). Without a
 * `.git` anywhere above, paths are taken from the workspace.
 */
class RepositoryPaths {
  readonly #workspace: string;
  readonly #roots = new Map<string, Promise<string>>();

  constructor(workspace: string) {
    this.#workspace = workspace;
  }

  async of(workspacePath: string): Promise<string> {
    const absolute = path.join(this.#workspace, workspacePath);
    const root = await this.#rootOf(path.dirname(absolute));
    return path.relative(root, absolute).split(path.sep).join('/');
  }

  #rootOf(directory: string): Promise<string> {
    let root = this.#roots.get(directory);
    if (root === undefined) {
      root = this.#findRoot(directory);
      this.#roots.set(directory, root);
    }
    return root;
  }

  async #findRoot(directory: string): Promise<string> {
    const hasGit = await lstat(path.join(directory, '.git')).then(
      () => true,
      () => false,
    );
    if (hasGit) return directory;
    const parent = path.dirname(directory);
    return parent === directory ? this.#workspace : this.#rootOf(parent);
  }
}
