/**
 * The runner's environment, read once into a typed value beside Settings: where and why the workflow runs (event,
 * repository, pull request, run ids), the runner's folders and services, and what a child process may inherit.
 * The only module that reads environment variables; every stage is handed this value instead.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Variables a process the action starts (LibreOffice, a browser) may inherit: nothing that holds a credential. */
const CHILD_PROCESS_VARIABLES = [
  'PATH',
  'HOME',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'FONTCONFIG_FILE',
];
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
export const CLIENT_ID_VARIABLE = 'GROUPDOCS_CLIENT_ID';
export const CLIENT_SECRET_VARIABLE = 'GROUPDOCS_CLIENT_SECRET';

export interface RunnerEnvironment {
  eventName: string;
  /** Empty owner and repo when GITHUB_REPOSITORY is not set (outside a runner). */
  repository: { owner: string; repo: string };
  sha: string;
  ref: string;
  /** e.g. `https://github.com`, no trailing slash. */
  serverUrl: string;
  /** REST API base, e.g. `https://api.github.com`, no trailing slash. */
  apiUrl: string;
  runId: number;
  runAttempt: number;
  /** Name of the workflow (GITHUB_WORKFLOW); part of the pull-request comment's marker. */
  workflow: string;
  /** True when the Actions results service can be reached (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are set). */
  artifactServiceAvailable: boolean;
  pullRequest?: { number: number; headRef: string; headRepoFullName: string; baseSha: string };
  /** A push event's `before`: the commit the branch pointed at before the push (all zeros for a new branch). */
  pushBefore?: string;
  release?: { id: number; tag: string };
  /** GITHUB_WORKSPACE, or the current directory outside a runner; absolute. */
  workspace: string;
  /** RUNNER_TEMP, or the system's temporary folder outside a runner. */
  temporaryDirectory: string;
  /** RUNNER_ENVIRONMENT: `github-hosted`, `self-hosted`, or empty outside a runner. */
  runnerKind: string;
  /** GITHUB_REPOSITORY, GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT as given (empty when unset). */
  runLabels: { repository: string; runId: string; runAttempt: string };
  /** The Actions cache service as the runner describes it. */
  actionsCache: { runtimeToken: boolean; serviceUrl: boolean; mode: string };
  /** GROUPDOCS_CLIENT_ID / GROUPDOCS_CLIENT_SECRET as given (untrimmed), for credentials set as environment variables. */
  groupDocsCredentials: { clientId: string; clientSecret: string };
  /** What a process the action starts may inherit (CHILD_PROCESS_VARIABLES that are set). */
  childProcessEnvironment: Readonly<Record<string, string>>;
  /** HTTP_PROXY, HTTPS_PROXY and NO_PROXY (either case) that are set. */
  proxyVariables: Readonly<Record<string, string>>;
  /** PATH, where programs (soffice, a browser) are looked for. */
  searchPath: string;
  /** CHROME_PATH as given (empty when unset): the browser to use before any on PATH. */
  chromePath: string;
  /** How to start this action again as a program of its own: this Node and the script it runs (the bundle). */
  selfCommand: readonly [node: string, script: string];
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function positiveInteger(text: string | undefined, fallback: number): number {
  const value = Number.parseInt(text ?? '', 10);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function readEventPayload(eventPath: string | undefined): Record<string, unknown> {
  if (!eventPath) return {};
  try {
    const payload: unknown = JSON.parse(readFileSync(eventPath, 'utf8'));
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : undefined;
}

function pullRequestOf(payload: Record<string, unknown>): RunnerEnvironment['pullRequest'] {
  const pr = objectAt(payload, 'pull_request');
  if (!pr || typeof pr.number !== 'number') return undefined;
  const head = objectAt(pr, 'head');
  const headRepo = objectAt(head, 'repo');
  const base = objectAt(pr, 'base');
  return {
    number: pr.number,
    headRef: typeof head?.ref === 'string' ? head.ref : '',
    headRepoFullName: typeof headRepo?.full_name === 'string' ? headRepo.full_name : '',
    baseSha: typeof base?.sha === 'string' ? base.sha : '',
  };
}

function releaseOf(payload: Record<string, unknown>): RunnerEnvironment['release'] {
  const release = objectAt(payload, 'release');
  if (!release || typeof release.id !== 'number') return undefined;
  return { id: release.id, tag: typeof release.tag_name === 'string' ? release.tag_name : '' };
}

function pick(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/** Reads the run's facts from the runner's environment variables and the event payload (GITHUB_EVENT_PATH). Never throws. */
export function readRunnerEnvironment(env: NodeJS.ProcessEnv): RunnerEnvironment {
  const payload = readEventPayload(env.GITHUB_EVENT_PATH);
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/', 2);
  const environment: RunnerEnvironment = {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    repository: { owner, repo },
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    serverUrl: withoutTrailingSlash(env.GITHUB_SERVER_URL || 'https://github.com'),
    apiUrl: withoutTrailingSlash(env.GITHUB_API_URL || 'https://api.github.com'),
    runId: positiveInteger(env.GITHUB_RUN_ID, 0),
    runAttempt: positiveInteger(env.GITHUB_RUN_ATTEMPT, 1),
    workflow: env.GITHUB_WORKFLOW ?? '',
    artifactServiceAvailable: Boolean(env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL),
    workspace: path.resolve(env.GITHUB_WORKSPACE || process.cwd()),
    temporaryDirectory: env.RUNNER_TEMP || os.tmpdir(),
    runnerKind: env.RUNNER_ENVIRONMENT ?? '',
    runLabels: {
      repository: env.GITHUB_REPOSITORY ?? '',
      runId: env.GITHUB_RUN_ID ?? '',
      runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
    },
    actionsCache: {
      runtimeToken: Boolean(env.ACTIONS_RUNTIME_TOKEN),
      serviceUrl: Boolean(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL),
      mode: (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase(),
    },
    groupDocsCredentials: {
      clientId: env[CLIENT_ID_VARIABLE] ?? '',
      clientSecret: env[CLIENT_SECRET_VARIABLE] ?? '',
    },
    childProcessEnvironment: pick(env, CHILD_PROCESS_VARIABLES),
    proxyVariables: pick(env, PROXY_VARIABLES),
    searchPath: env.PATH ?? '',
    chromePath: env.CHROME_PATH ?? '',
    selfCommand: [process.execPath, path.resolve(process.argv[1] ?? '')],
  };
  const pullRequest = pullRequestOf(payload);
  if (pullRequest) environment.pullRequest = pullRequest;
  if (environment.eventName === 'push' && typeof payload.before === 'string') {
    environment.pushBefore = payload.before;
  }
  const release = releaseOf(payload);
  if (release) environment.release = release;
  return environment;
}

export function hasRepository(env: RunnerEnvironment): boolean {
  return env.repository.owner !== '' && env.repository.repo !== '';
}

/**
 * Runs `work` with `folder` first on this process's PATH (where `@actions/*` libraries look programs up), and puts
 * PATH back as it was once `work` settles, however long that takes.
 */
export async function withFirstOnPath<T>(folder: string, work: () => Promise<T>): Promise<T> {
  const before = process.env.PATH;
  process.env.PATH = before ? `${folder}${path.delimiter}${before}` : folder;
  try {
    return await work();
  } finally {
    if (before === undefined) delete process.env.PATH;
    else process.env.PATH = before;
  }
}
