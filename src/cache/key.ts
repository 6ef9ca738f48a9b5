/**
 * The identity of one conversion: what decides its outputs, and nothing else. Not the path, so a renamed or
 * copied document is the same conversion. Options are folded in through a slow hash, so a key (which may be
 * committed or shown) does not let anyone test guesses of a password quickly.
 */
import { createHash, scrypt } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { EngineIdentity } from '../convert/engines/identity.ts';

/** Raised whenever the layout of a cache entry or manifest changes, so older entries are never misread. */
export const CACHE_FORMAT_VERSION = 1;

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const SCRYPT_SALT = 'convert-documents-action/options/v1';
const SCRYPT_COST = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** A fingerprint of the load and convert options: scrypt of their canonical JSON (a fraction of a second, once per run). */
export async function optionsFingerprint(options: {
  loadOptions: Readonly<Record<string, unknown>> | undefined;
  convertOptions: Readonly<Record<string, unknown>> | undefined;
}): Promise<string> {
  const text = canonicalJson({ load: options.loadOptions ?? null, convert: options.convertOptions ?? null });
  const derived = await new Promise<Buffer>((resolve, reject) =>
    scrypt(text, SCRYPT_SALT, 32, SCRYPT_COST, (error, key) => (error ? reject(error) : resolve(key))),
  );
  return derived.toString('hex');
}

export interface ConversionIdentity {
  sourceSha256: string;
  format: string;
  optionsFingerprint: string;
  engine: EngineIdentity;
  /** The files besides the source that decide the outputs (see dependencies.ts); absent when there are none. */
  dependencies?: string | undefined;
}

/** The key of one conversion: SHA-256 of everything that decides its outputs, with the cache's format version. */
export function conversionKey(identity: ConversionIdentity): string {
  return sha256Hex(canonicalJson({ cacheFormat: CACHE_FORMAT_VERSION, ...identity }));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Files up to this size are read whole: for the many small files of a repository, streams cost more than reading. */
export const SMALL_FILE_BYTES = 1024 * 1024;

/** SHA-256 of a file; streamed unless known to be small, since a document may be far larger than memory. */
export async function sha256OfFile(file: string, sizeBytes = Number.POSITIVE_INFINITY): Promise<string> {
  const hash = createHash('sha256');
  if (sizeBytes <= SMALL_FILE_BYTES) hash.update(await readFile(file));
  else await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}
