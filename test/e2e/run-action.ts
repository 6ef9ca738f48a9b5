import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * The bundle the end-to-end tests run: built from the current sources by `npm test` (`npm run build:test`, the same
 * tsc + ncc steps as `npm run build`) into an ignored folder, so a change to src/ is what they test. That the
 * committed dist/ is what a build produces is CI's check (.ci/run).
 */
export const bundle = path.join(repoRoot, '.test-dist/bundle/index.js');

let freshness: Promise<void> | undefined;

/** Fails when the test bundle is missing or older than a source file: a stale bundle would test old code. */
export function assertBundleFresh(): Promise<void> {
  freshness ??= (async () => {
    const built = await stat(bundle).then(
      (info) => info.mtimeMs,
      () => undefined,
    );
    if (built === undefined) throw new Error(`${bundle} is missing: run npm run build:test (npm test does)`);
    const sources = path.join(repoRoot, 'src');
    for (const entry of await readdir(sources, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      if ((await stat(file)).mtimeMs > built) {
        throw new Error(
          `${path.relative(repoRoot, file)} changed after the test bundle was built: run npm test`,
        );
      }
    }
  })();
  return freshness;
}

interface ActionYaml {
  inputs: Record<string, { default?: string; required?: boolean }>;
}

/** The token a runner would substitute for `${{ github.token }}` in action.yml defaults. */
export const FAKE_GITHUB_TOKEN = 'ghs_e2eFakeTokenValue0123456789abcdef';

/** INPUT_* variables exactly as a runner sets them: every declared input, defaults filled in, overrides applied. */
export async function runnerInputs(overrides: Record<string, string>): Promise<Record<string, string>> {
  const action = parse(await readFile(path.join(repoRoot, 'action.yml'), 'utf8')) as ActionYaml;
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value =
      overrides[name] ?? (spec.default ?? '').replace(/\$\{\{\s*github\.token\s*\}\}/, FAKE_GITHUB_TOKEN);
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const name of Object.keys(overrides)) {
    if (!(name in action.inputs))
      throw new Error(`test passes input "${name}" that action.yml does not declare`);
  }
  return env;
}

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** For failure messages only: tests assert order and counts, never elapsed time. */
  elapsedMs: number;
  workspace: string;
}

export interface RunOptions {
  workspace: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  /** Send this signal once the action's output so far satisfies `ready` (no guess at how long a loaded machine takes). */
  signalWhen?: { signal: NodeJS.Signals; ready: (stdout: string) => boolean };
  /** Called with the output so far whenever more arrives (to act on the run from outside, as a crash would). */
  onOutput?: (stdout: string) => void;
}

/** Runs the test bundle in a child process with the environment a GitHub runner gives a node24 action. */
export async function runAction(options: RunOptions): Promise<ActionRun> {
  await assertBundleFresh();
  const runnerDir = await mkdtemp(path.join(os.tmpdir(), 'runner-'));
  const outputFile = path.join(runnerDir, 'output');
  const summaryFile = path.join(runnerDir, 'summary.md');
  const eventFile = path.join(runnerDir, 'event.json');
  const runnerTemp = path.join(runnerDir, 'temp');
  await mkdir(runnerTemp);
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  await writeFile(
    eventFile,
    JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'octo/docs' } }),
  );

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runnerDir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'octo/docs',
    GITHUB_REPOSITORY_OWNER: 'octo',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'http://127.0.0.1:9',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    ...(await runnerInputs(options.inputs)),
    ...options.env,
  };

  const started = performance.now();
  const child = spawn(process.execPath, [bundle], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    options.onOutput?.(stdout);
    if (options.signalWhen && !signalled && options.signalWhen.ready(stdout)) {
      signalled = true;
      child.kill(options.signalWhen.signal);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const elapsedMs = performance.now() - started;
  const outputs = parseCommandFile(await readFile(outputFile, 'utf8'));
  const summary = await readFile(summaryFile, 'utf8');
  await rm(runnerDir, { recursive: true, force: true });
  return { exitCode, stdout, stderr, outputs, summary, elapsedMs, workspace: options.workspace };
}

/** Parses a GITHUB_OUTPUT file: `name<<delimiter\nvalue\ndelimiter` blocks (and plain `name=value` lines). */
export function parseCommandFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string);
      result[name] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      result[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return result;
}

const workspaces: string[] = [];

export async function tempWorkspace(): Promise<string> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), `ws-${randomUUID().slice(0, 8)}-`));
  workspaces.push(workspace);
  return workspace;
}

/** Deletes every workspace tempWorkspace() made in this process. */
export async function removeTempWorkspaces(): Promise<void> {
  await Promise.all(workspaces.splice(0).map((w) => rm(w, { recursive: true, force: true })));
}

/** One entry of the `files` output. */
export interface FileEntry {
  source: string;
  format: string;
  status: string;
  outputs: string[];
  error?: string;
  'duration-ms': number;
}

export function filesOf(run: ActionRun): FileEntry[] {
  return JSON.parse(run.outputs.files ?? 'null') as FileEntry[];
}

/** The end of a run's log, for an assertion's message. */
export function explain(run: ActionRun): string {
  return `exit ${run.exitCode}\n--- stdout ---\n${run.stdout.slice(-4000)}\n--- stderr ---\n${run.stderr.slice(-2000)}`;
}

/** The `::warning` lines a run printed. */
export function warningsOf(run: ActionRun): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith('::warning'));
}

/** Writes the event payload of a `pull_request` run (pull request `number` from `feature` of octo/docs). */
export async function writePullRequestEvent(
  file: string,
  pull: { number: number; baseSha?: string },
): Promise<string> {
  const base = pull.baseSha === undefined ? {} : { base: { sha: pull.baseSha } };
  await writeFile(
    file,
    JSON.stringify({
      pull_request: {
        number: pull.number,
        head: { ref: 'feature', repo: { full_name: 'octo/docs' } },
        ...base,
      },
      repository: { full_name: 'octo/docs' },
    }),
  );
  return file;
}
