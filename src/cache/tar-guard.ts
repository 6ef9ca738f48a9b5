/**
 * The `tar` that `@actions/cache` finds on PATH while our cache folder is restored (see guarded-restore.ts): a
 * process of its own, the bundle started again with TAR_GUARD_FLAG. The library unpacks with `tar -xf <archive>
 * -P -C <workspace>`, and `-P` keeps absolute names and `..`. So an extraction is first listed with the real tar
 * and the same decompression, every member is judged (archive-members.ts), and only an archive of files and
 * folders inside the cache folder is unpacked, by the real tar with the library's own arguments. A refused
 * archive leaves its reason in the guard's folder and exits non-zero: the library warns and reports a miss.
 * Any other tar command (the library's listing in debug mode, the archive made when saving) passes through.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ArchiveLimits, refusalOfArchive, unpackPlace } from './archive-members.ts';
import { type ListedMember, parseListingLine } from './tar-listing.ts';

/** The first argument that makes the bundle act as the guard instead of running the action. */
export const TAR_GUARD_FLAG = '--convert-documents-tar-guard';
/** In the guard's folder: its settings, written by the action before the restore. */
export const GUARD_CONFIG = 'guard.json';
/** In the guard's folder: why an archive was refused, read by the action after the restore. */
export const REFUSAL_FILE = 'refused.txt';
/** The exit status of a refused extraction. */
export const REFUSED_STATUS = 3;
/** A longer line is not one tar prints for a cache member (names are at most 4,096 bytes, escaped ×4). */
const MAX_LINE_CHARS = 20_000;

export interface TarGuardConfig {
  /** The cache folder: the only place members may land. */
  folder: string;
  /** The tar the library would have run. */
  realTar: string;
  /** When (Date.now()) the guard stops listing or unpacking and fails. */
  deadline: number;
  limits: ArchiveLimits;
}

/** How the library calls tar to unpack: `-xf <archive>` and `-C <folder>`, each once. */
export type TarCall =
  | { kind: 'other' }
  | { kind: 'extract'; base: string; listArgs: string[] }
  | { kind: 'unknown' };

export function tarCallOf(args: readonly string[]): TarCall {
  const extracting = args.filter((arg) => /^-[a-zA-Z]*x|^--(extract|get)\b/.test(arg));
  if (extracting.length === 0) return { kind: 'other' };
  const from = args.indexOf('-C');
  if (extracting.length !== 1 || extracting[0] !== '-xf' || from === -1 || args.lastIndexOf('-C') !== from) {
    return { kind: 'unknown' };
  }
  const base = args[from + 1];
  if (base === undefined || args.indexOf('-xf') + 1 >= args.length) return { kind: 'unknown' };
  const listArgs = args.map((arg) => (arg === '-xf' ? '-tvf' : arg));
  return { kind: 'extract', base, listArgs: [...listArgs, '--numeric-owner', '--quoting-style=c'] };
}

/** The lines a stream prints, each parsed; an overlong line is undefined (and ends the judging). */
async function* listedMembers(output: AsyncIterable<Buffer>): AsyncGenerator<ListedMember | undefined> {
  let pending = '';
  for await (const chunk of output) {
    pending += chunk.toString('latin1');
    const lines = pending.split('\n');
    pending = lines.pop() as string;
    for (const line of lines) yield parseListingLine(line);
    if (pending.length > MAX_LINE_CHARS) yield undefined;
  }
  if (pending !== '') yield parseListingLine(pending);
}

/** Ends `child` at the deadline; resolves to its exit status (null when it was ended). */
function statusOf(child: ChildProcess, deadline: number): Promise<number | null> {
  const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(0, deadline - Date.now()));
  return new Promise((resolve) => {
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Why the archive of a `-xf` call may not be unpacked, or undefined when it may. */
async function judgeArchive(config: TarGuardConfig, call: Extract<TarCall, { kind: 'extract' }>) {
  const place = await unpackPlace(call.base, config.folder).catch(() => undefined);
  if (!place) return 'the folder to unpack into does not exist';
  // The C locale, so that names are printed byte by byte as octal escapes whatever the runner's language.
  const lister = spawn(config.realTar, call.listArgs, {
    env: { ...process.env, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const listed = statusOf(lister, config.deadline);
  // Bytes as latin1 characters, so the octal escapes tar prints are the only non-ASCII.
  const refusal = await refusalOfArchive(listedMembers(lister.stdout), place, config.limits);
  if (refusal && lister.exitCode === null) lister.kill('SIGKILL');
  const status = await listed;
  if (Date.now() >= config.deadline) return 'listing it took past the run’s deadline';
  // A tar that failed on its own (not ended here for a refusal) says more than what it listed before failing.
  if (status !== 0 && status !== null) return `tar could not list it (exit status ${status})`;
  return refusal ?? (status === 0 ? undefined : 'tar could not list it');
}

/** Runs as the guard: returns the exit status for the library's `tar` call. */
export async function guardTar(guardFolder: string, args: readonly string[]): Promise<number> {
  const config = JSON.parse(await readFile(path.join(guardFolder, GUARD_CONFIG), 'utf8')) as TarGuardConfig;
  const call = tarCallOf(args);
  const refusal =
    call.kind === 'unknown'
      ? 'tar was asked to unpack in a way the cache does not'
      : call.kind === 'extract'
        ? await judgeArchive(config, call)
        : undefined;
  if (refusal) {
    await writeFile(path.join(guardFolder, REFUSAL_FILE), refusal);
    process.stderr.write('The cache archive was refused before unpacking (the action warns why).\n');
    return REFUSED_STATUS;
  }
  const status = await statusOf(spawn(config.realTar, args, { stdio: 'inherit' }), config.deadline);
  return status ?? 1;
}
