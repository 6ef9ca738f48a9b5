/**
 * The cache folder between restore and save: `manifest.json` (conversion key → the outputs it made) and
 * `blobs/<sha256>` (each output's bytes, stored once however many conversions made them). A restored folder is
 * untrusted: entries that do not parse are dropped, and every file is checked against its SHA-256 on the way out.
 */
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { copyFileReplacing, openRegularFile, writeFileReplacing } from '../common/safe-files.ts';
import { CACHE_FORMAT_VERSION } from './key.ts';
import { asStoredOutput, type StoredOutput } from './outputs.ts';

export interface CacheEntry {
  /** The stem of the document the outputs were made from (page names start with it). */
  stem: string;
  /** The (source extension, format) pair it converted (`formatPairKey`): a pair the service is known to convert. */
  pair?: string;
  outputs: StoredOutput[];
}

/** A conversion to keep in the saved folder: its key, entry, and where its bytes are now. */
export interface EntryToSave {
  key: string;
  entry: CacheEntry;
  /** Absolute path of each output's bytes, in `entry.outputs` order. */
  files: readonly string[];
}

const MANIFEST = 'manifest.json';
/** Larger than the manifest of any cache within cache-max-size: a bigger one is not read. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const BLOBS = 'blobs';

export function blobPath(folder: string, sha256: string): string {
  return path.join(folder, BLOBS, sha256);
}

/** The entries of a restored folder; an absent or unreadable manifest is an empty cache. */
export async function readCacheFolder(folder: string): Promise<Map<string, CacheEntry>> {
  const entries = new Map<string, CacheEntry>();
  let manifest: unknown;
  try {
    // A restored folder is untrusted: its manifest is read only when it is a regular file of a sane size.
    const handle = await openRegularFile(path.join(folder, MANIFEST));
    try {
      if ((await handle.stat()).size > MAX_MANIFEST_BYTES) return entries;
      manifest = JSON.parse(await handle.readFile('utf8'));
    } finally {
      await handle.close();
    }
  } catch {
    return entries;
  }
  const { version, conversions } = (manifest ?? {}) as { version?: unknown; conversions?: unknown };
  if (version !== CACHE_FORMAT_VERSION || typeof conversions !== 'object' || conversions === null) {
    return entries;
  }
  for (const [key, value] of Object.entries(conversions)) {
    const entry = asCacheEntry(value);
    if (entry) entries.set(key, entry);
  }
  return entries;
}

export function asCacheEntry(value: unknown): CacheEntry | undefined {
  const { stem, outputs, pair } = (value ?? {}) as { stem?: unknown; outputs?: unknown; pair?: unknown };
  if (typeof stem !== 'string' || !Array.isArray(outputs) || outputs.length === 0) return undefined;
  const parsed = outputs.map(asStoredOutput);
  if (parsed.some((output) => output === undefined)) return undefined;
  return { stem, outputs: parsed as StoredOutput[], ...(typeof pair === 'string' ? { pair } : {}) };
}

/**
 * Rewrites the folder to hold exactly `wanted` (in order of preference) within `maxBytes` of blobs: entries that
 * do not fit are left out, blobs nobody needs any more are deleted. Returns the keys kept.
 */
export async function writeCacheFolder(
  folder: string,
  wanted: readonly EntryToSave[],
  maxBytes: number,
): Promise<{ kept: string[]; bytes: number }> {
  await ownFolder(folder);
  await ownFolder(path.join(folder, BLOBS));
  const blobs = new Map<string, string>();
  const conversions: Record<string, CacheEntry> = {};
  const kept: string[] = [];
  let bytes = 0;
  for (const { key, entry, files } of wanted) {
    const fresh = entry.outputs.filter((output) => !blobs.has(output.sha256));
    const extra = [...new Map(fresh.map((output) => [output.sha256, output.size])).values()].reduce(
      (sum, size) => sum + size,
      0,
    );
    if (bytes + extra > maxBytes) continue;
    for (const [index, output] of entry.outputs.entries()) {
      if (blobs.has(output.sha256)) continue;
      const target = blobPath(folder, output.sha256);
      const source = files[index] as string;
      // Replaced, never written through: a restored folder may hold a link at a blob's name.
      if (path.resolve(source) !== path.resolve(target)) await copyFileReplacing(source, target);
      blobs.set(output.sha256, target);
    }
    bytes += extra;
    conversions[key] = entry;
    kept.push(key);
  }
  for (const name of await readdir(path.join(folder, BLOBS))) {
    if (!blobs.has(name)) await rm(path.join(folder, BLOBS, name), { force: true });
  }
  await writeFileReplacing(
    path.join(folder, MANIFEST),
    `${JSON.stringify({ version: CACHE_FORMAT_VERSION, conversions })}\n`,
  );
  return { kept, bytes };
}

/**
 * Makes `folder` a real folder of its own: a link (or file) a restored archive left at its name is removed first,
 * so blobs are never written, and unneeded ones never deleted, wherever such a link leads.
 */
async function ownFolder(folder: string): Promise<void> {
  const info = await lstat(folder).catch(() => undefined);
  if (info && !info.isDirectory()) await rm(folder, { force: true });
  await mkdir(folder, { recursive: true });
}
