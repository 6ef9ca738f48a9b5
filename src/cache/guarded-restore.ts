/**
 * A restore whose archive is judged before it is unpacked. `@actions/cache` looks `tar` up on PATH when it
 * unpacks, so for the restore only, a folder of ours comes first on PATH holding a `tar` that starts the bundle
 * again as the guard (tar-guard.ts). The guard's folder (its settings, its script, the reason for a refusal) is
 * made fresh for the restore and removed after it; PATH is put back once the library's restore settles.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findOnPath } from '../common/find-program.ts';
import { withFirstOnPath } from '../settings/runner.ts';
import type { ArchiveLimits } from './archive-members.ts';
import { MAX_MANIFEST_BYTES } from './manifest.ts';
import { GUARD_CONFIG, REFUSAL_FILE, TAR_GUARD_FLAG, type TarGuardConfig } from './tar-guard.ts';

/** More members than any cache within cache-max-size holds (a manifest, a folder and one file per output). */
const MAX_MEMBERS = 200_000;

export interface TarGuardSetup {
  /** How to start the bundle again (RunnerEnvironment.selfCommand). */
  selfCommand: readonly [node: string, script: string];
  /** PATH as the run found it: where the real tar is. */
  searchPath: string;
  /** Where the guard's folder is made (RUNNER_TEMP). */
  temporaryDirectory: string;
  /** cache-max-size: a cache archive holds no more bytes of outputs. */
  maxBytes: number;
}

export type GuardedOutcome<T> = { value: T; refusal?: string } | { value?: undefined; refusal: string };

/** A word for `sh`: single-quoted, with any single quote closed, escaped and reopened. */
function shellWord(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs `restore` (a call into `@actions/cache` that unpacks into `folder`) with the guard as its tar, until
 * `deadline` (Date.now()). The outcome carries why the archive was refused, when it was.
 */
export async function withTarGuard<T>(
  folder: string,
  setup: TarGuardSetup,
  deadline: number,
  restore: () => Promise<T>,
): Promise<GuardedOutcome<T>> {
  if (process.platform === 'win32')
    return { refusal: 'on Windows the archive cannot be checked before unpacking' };
  // On macOS the library prefers GNU tar as `gtar`; the guard stands in for whichever it will pick.
  const name = process.platform === 'darwin' && findOnPath('gtar', setup.searchPath) ? 'gtar' : 'tar';
  const realTar = findOnPath(name, setup.searchPath);
  if (!realTar) return { refusal: `no ${name} on PATH to unpack it with` };
  const guardFolder = await mkdtemp(path.join(setup.temporaryDirectory, 'convert-documents-tar-guard-'));
  try {
    const limits: ArchiveLimits = { maxMembers: MAX_MEMBERS, maxBytes: setup.maxBytes + MAX_MANIFEST_BYTES };
    const config: TarGuardConfig = { folder, realTar, deadline, limits };
    await writeFile(path.join(guardFolder, GUARD_CONFIG), JSON.stringify(config));
    const [node, script] = setup.selfCommand;
    const command = [node, script, TAR_GUARD_FLAG, guardFolder].map(shellWord).join(' ');
    await writeFile(path.join(guardFolder, name), `#!/bin/sh\nexec ${command} "$@"\n`, { mode: 0o700 });
    const value = await withFirstOnPath(guardFolder, restore);
    const refusal = await readFile(path.join(guardFolder, REFUSAL_FILE), 'utf8').catch(() => undefined);
    return refusal === undefined ? { value } : { value, refusal };
  } finally {
    await rm(guardFolder, { recursive: true, force: true });
  }
}
