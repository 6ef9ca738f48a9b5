import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const run = promisify(execFile);

/** Git with no user or system configuration but a committer, so the machine's settings cannot change a test. */
export async function hermeticGitEnv(dir: string): Promise<NodeJS.ProcessEnv> {
  const config = path.join(dir, 'gitconfig');
  await writeFile(
    config,
    '[user]\n\tname = Release Test\n\temail = release-test@example.invalid\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[tag]\n\tgpgsign = false\n',
  );
  return { ...process.env, GIT_CONFIG_GLOBAL: config, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
}

export interface Fixture {
  dir: string;
  env: NodeJS.ProcessEnv;
  git(cwd: string, ...args: string[]): Promise<string>;
  remove(): Promise<void>;
}

/** A temporary folder with a hermetic git environment; `git` runs in it with that environment. */
export async function gitFixture(prefix: string): Promise<Fixture> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const env = await hermeticGitEnv(dir);
  return {
    dir,
    env,
    git: async (cwd, ...args) => (await run('git', args, { cwd, env })).stdout,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Writes files (relative path → text) below `root`, creating folders. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
}
