/** Where and why the workflow runs: what the publishing steps need to know about the run, read once. */
import { readFileSync } from 'node:fs';

export interface PublishEnvironment {
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
  release?: { id: number; tag: string };
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

function pullRequestOf(payload: Record<string, unknown>): PublishEnvironment['pullRequest'] {
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

function releaseOf(payload: Record<string, unknown>): PublishEnvironment['release'] {
  const release = objectAt(payload, 'release');
  if (!release || typeof release.id !== 'number') return undefined;
  return { id: release.id, tag: typeof release.tag_name === 'string' ? release.tag_name : '' };
}

/** Reads the run's facts from the runner's environment variables and the event payload (GITHUB_EVENT_PATH). Never throws. */
export function readPublishEnvironment(env: NodeJS.ProcessEnv): PublishEnvironment {
  const payload = readEventPayload(env.GITHUB_EVENT_PATH);
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/', 2);
  const environment: PublishEnvironment = {
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
  };
  const pullRequest = pullRequestOf(payload);
  if (pullRequest) environment.pullRequest = pullRequest;
  const release = releaseOf(payload);
  if (release) environment.release = release;
  return environment;
}

export function hasRepository(env: PublishEnvironment): boolean {
  return env.repository.owner !== '' && env.repository.repo !== '';
}
