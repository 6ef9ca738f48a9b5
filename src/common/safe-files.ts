/**
 * Files judged by what they are, not by what their name leads to: a path from a report, a manifest or a restored
 * cache is read only when it is a regular file (no link followed at its last step) whose real folder lies inside
 * the directory it must be in; and every file the action writes goes to a fresh name created exclusively, then is
 * renamed over the target, so a link planted at the target (or at a fixed temporary name) is replaced, never
 * followed.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, lstat, open, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** True when `child` is `parent` or lies below it, comparing the paths as given. */
function isWithin(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

/**
 * Why `file` may not be read or published as a file of `directory`, or undefined when it may: it must be a
 * regular file itself (not a link, folder or device, and not a second name of another file) in a folder whose real
 * path is inside the real `directory`.
 */
export async function whyNotRegularFileInside(directory: string, file: string): Promise<string | undefined> {
  const absolute = path.resolve(file);
  if (!isWithin(path.resolve(directory), absolute) || absolute === path.resolve(directory)) {
    return 'it is outside';
  }
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(absolute);
  } catch {
    return 'it is missing';
  }
  if (info.isSymbolicLink()) return 'it is a link';
  if (!info.isFile()) return 'it is not a regular file';
  if (info.nlink > 1) return 'it is a second name (hard link) of another file';
  try {
    const [realDirectory, realFolder] = await Promise.all([
      realpath(directory),
      realpath(path.dirname(absolute)),
    ]);
    if (!isWithin(realDirectory, realFolder)) return 'its folder leads outside';
  } catch {
    return 'it is missing';
  }
  return undefined;
}

/** A name beside `file` that nothing has: the file is written there first, then renamed over `file`. */
export function freshNameBeside(file: string): string {
  return `${file}.${randomBytes(6).toString('hex')}.partial`;
}

/** Runs `write(temporary)` on a fresh name beside `file`, then renames it over `file` (removed on failure). */
export async function replaceFile(file: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = freshNameBeside(file);
  try {
    await write(temporary);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Writes `data` as `file`, replacing whatever entry is there (a link included) instead of writing through it. */
export function writeFileReplacing(file: string, data: string | Uint8Array): Promise<void> {
  return replaceFile(file, (temporary) => writeFile(temporary, data, { flag: 'wx' }));
}

/** Copies `source` to `target`, replacing whatever entry is at `target` instead of writing through it. */
export function copyFileReplacing(source: string, target: string): Promise<void> {
  return replaceFile(target, (temporary) => copyFile(source, temporary, constants.COPYFILE_EXCL));
}

/** Opens a file for reading only when it is a regular file itself: a link at its name is refused (ELOOP). */
export async function openRegularFile(file: string): Promise<Awaited<ReturnType<typeof open>>> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    if (!(await handle.stat()).isFile()) throw new Error('not a regular file');
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
