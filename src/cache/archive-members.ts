/**
 * Whether a cache archive may be unpacked: judged member by member from its listing, before anything is written.
 * Our cache holds only folders and regular files inside the cache folder, so a member is refused when it is
 * anything else (a symlink or hard link could lead a later member anywhere), or when its name, taken from the
 * folder tar unpacks into (`-C`), resolves outside the cache folder: `..` steps, an absolute name, or a symlink
 * already on disk along the way.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { ListedMember } from './tar-listing.ts';

/** Member types a cache archive may hold: regular files and folders. */
const ALLOWED_TYPES: Readonly<Record<string, string>> = { '-': 'file', d: 'folder' };
const TYPE_NAMES: Readonly<Record<string, string>> = {
  l: 'a symlink',
  h: 'a hard link',
  c: 'a character device',
  b: 'a block device',
  p: 'a FIFO',
  s: 'a socket',
};

/** Where an archive unpacks: the folder tar starts in (`-C`) and the only folder its members may land in. */
export interface UnpackPlace {
  /** The `-C` folder, resolved (symlinks followed). */
  base: string;
  /** The cache folder, resolved (symlinks followed). */
  folder: string;
}

export async function unpackPlace(base: string, folder: string): Promise<UnpackPlace> {
  return { base: await realpath(base), folder: await realpath(folder) };
}

/**
 * Where `name`, unpacked from `base`, lands: each step taken as the kernel takes it, so a symlink already on disk
 * is followed (and a later `..` leaves where it led). A step that does not exist yet is one the archive creates,
 * as a folder or a file, since links are refused.
 */
export async function whereMemberLands(base: string, name: string): Promise<string> {
  let current = path.isAbsolute(name) ? path.parse(base).root : base;
  for (const step of name.split('/')) {
    if (step === '' || step === '.') continue;
    if (step === '..') {
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, step);
    current = await realpath(next).catch(() => next);
  }
  return current;
}

function isInside(target: string, folder: string): boolean {
  return target === folder || target.startsWith(folder + path.sep);
}

/** Why `member` may not be unpacked at `place`, or undefined when it may. */
export async function refusalOf(member: ListedMember, place: UnpackPlace): Promise<string | undefined> {
  if (!(member.type in ALLOWED_TYPES)) {
    const what = TYPE_NAMES[member.type] ?? `a member of type "${member.type}"`;
    return `"${member.name}" is ${what}; a cache holds only files and folders`;
  }
  if (member.name.includes('\0')) return `"${member.name}" holds a NUL character`;
  const lands = await whereMemberLands(place.base, member.name);
  if (!isInside(lands, place.folder)) {
    return path.isAbsolute(member.name)
      ? `"${member.name}" is an absolute path outside the cache folder`
      : `"${member.name}" leads outside the cache folder`;
  }
  return undefined;
}

/** Bounds on a whole archive: a cache within cache-max-size never comes near them. */
export interface ArchiveLimits {
  maxMembers: number;
  /** Total bytes of its files. */
  maxBytes: number;
}

/**
 * Judges every member of a listing, in order; resolves to why the archive is refused, or undefined when every
 * member is a file or folder inside the cache folder and the whole stays within `limits`.
 */
export async function refusalOfArchive(
  members: AsyncIterable<ListedMember | undefined>,
  place: UnpackPlace,
  limits: ArchiveLimits,
): Promise<string | undefined> {
  let count = 0;
  let bytes = 0;
  for await (const member of members) {
    if (!member) return 'its listing has a line tar should not print';
    count += 1;
    bytes += member.size;
    if (count > limits.maxMembers) return `it holds more than ${limits.maxMembers} members`;
    if (bytes > limits.maxBytes) return `its files hold more than ${limits.maxBytes} bytes`;
    const refusal = await refusalOf(member, place);
    if (refusal) return refusal;
  }
  return count === 0 ? 'it lists no members' : undefined;
}
