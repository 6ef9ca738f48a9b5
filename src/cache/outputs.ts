/**
 * Outputs as a cache keeps them (name, SHA-256, size) and the one way they come back: copied under the job's
 * planned names, each file checked against its recorded SHA-256 and size, all of a job's files or none.
 */

import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { messageOf } from '../common/errors.ts';
import { freshNameBeside, openRegularFile, whyNotRegularFileInside } from '../common/safe-files.ts';
import type { ConversionJob } from '../plan/types.ts';
import { sha256OfFile } from './key.ts';

export interface StoredOutput {
  /** The file's name as written, e.g. `report.pdf` or `slides-page-2.png`. */
  name: string;
  sha256: string;
  size: number;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Untrusted data (a restored or committed manifest) read as a StoredOutput, or undefined when it is not one. */
export function asStoredOutput(value: unknown): StoredOutput | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, sha256, size } = value as Record<string, unknown>;
  if (typeof name !== 'string' || !isPlainFileName(name)) return undefined;
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) return undefined;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return undefined;
  return { name, sha256, size };
}

function isPlainFileName(name: string): boolean {
  return (
    name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name) && path.basename(name) === name
  );
}

/** Describes the files a job wrote, hashing each (streamed). */
export async function describeOutputs(outputs: readonly string[]): Promise<StoredOutput[]> {
  const described: StoredOutput[] = [];
  for (const file of outputs) {
    const { size } = await stat(file);
    described.push({ name: path.basename(file), sha256: await sha256OfFile(file, size), size });
  }
  return described;
}

/**
 * Where each stored output goes for this job: a single output takes the planned name; several (pages) keep
 * their names, with the stem of the document they were made from replaced by this document's stem, so a
 * renamed document gets outputs named after it. Undefined when a name cannot be placed safely.
 */
export function plannedPaths(
  job: ConversionJob,
  outputs: readonly StoredOutput[],
  madeFromStem: string,
): string[] | undefined {
  if (outputs.length === 1) return [path.join(job.outputDirectory, path.posix.basename(job.expectedOutput))];
  const names = outputs.map((output) =>
    output.name.startsWith(madeFromStem)
      ? `${job.source.stem}${output.name.slice(madeFromStem.length)}`
      : output.name,
  );
  if (!names.every(isPlainFileName) || new Set(names).size !== names.length) return undefined;
  return names.map((name) => path.join(job.outputDirectory, name));
}

/** A file whose bytes do not match what the cache recorded. */
export class IntegrityError extends Error {
  override name = 'IntegrityError';
}

/**
 * Copies `from[i]` to `to[i]`, checking each copy's SHA-256 and size against `expected[i]` before any file is
 * put in place: on any mismatch or missing file nothing is written and an IntegrityError names the file. Sources
 * are untrusted: each must be a regular file of its own whose folder really lies inside `sourceRoot` (when given),
 * and no more than its recorded size (plus one byte, to tell it is longer) is ever read.
 */
export async function copyVerified(
  from: readonly string[],
  to: readonly string[],
  expected: readonly StoredOutput[],
  sourceRoot?: string,
): Promise<void> {
  const staged: { temporary: string; target: string }[] = [];
  try {
    for (const [index, source] of from.entries()) {
      const target = to[index] as string;
      const want = expected[index] as StoredOutput;
      const why = sourceRoot === undefined ? undefined : await whyNotRegularFileInside(sourceRoot, source);
      if (why !== undefined && why !== 'it is missing') {
        throw new IntegrityError(`${want.name} is not a regular file in the cache (${why})`);
      }
      if (path.resolve(source) === path.resolve(target)) {
        await verifyInPlace(target, want);
        continue;
      }
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = freshNameBeside(target);
      staged.push({ temporary, target });
      let copied: { sha256: string; size: number };
      try {
        copied = await copyMeasured(source, temporary, want.size);
      } catch (error) {
        throw new IntegrityError(`${want.name} is missing from the cache (${messageOf(error)})`);
      }
      if (copied.sha256 !== want.sha256 || copied.size !== want.size) {
        throw new IntegrityError(`${want.name} does not match its recorded SHA-256`);
      }
    }
    for (const { temporary, target } of staged.splice(0)) await rename(temporary, target);
  } finally {
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
  }
}

/**
 * Copies at most `expectedSize + 1` bytes of a regular file (a link at its name is refused) to a fresh file, and
 * returns the SHA-256 and size of what was copied: a poisoned entry pointing at /dev/zero or a growing file costs
 * one byte more than it claims, never the disk.
 */
async function copyMeasured(
  source: string,
  target: string,
  expectedSize: number,
): Promise<{ sha256: string; size: number }> {
  const handle = await openRegularFile(source);
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    const bounded = handle.createReadStream({ start: 0, end: expectedSize, autoClose: false });
    // Opened before the copy starts, so the caller's clean-up never races a lazily created file.
    const written = await open(target, 'wx');
    await pipeline(bounded, measure, written.createWriteStream());
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), size };
}

async function verifyInPlace(file: string, want: StoredOutput): Promise<void> {
  let found: { sha256: string; size: number } | undefined;
  try {
    const handle = await openRegularFile(file);
    try {
      const { size } = await handle.stat();
      if (size === want.size) found = { sha256: await sha256OfFile(file, size), size };
    } finally {
      await handle.close();
    }
  } catch {
    found = undefined;
  }
  if (found?.sha256 !== want.sha256 || found?.size !== want.size) {
    throw new IntegrityError(`${want.name} does not match its recorded SHA-256`);
  }
}
