/** The cache inputs: whether earlier conversions are reused, and how large the saved cache may grow. */

import { type InputReader, quote, type Report, readBoolean } from './input-readers.ts';

export interface CacheSettings {
  /** Reuse earlier conversions of the same content (Actions cache, and the manifest committed beside the outputs). */
  enabled: boolean;
  /** Most bytes of outputs one saved cache entry holds; what does not fit is simply not cached. */
  maxBytes: number;
}

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};
const MIN_BYTES = 1e6;
/** GitHub keeps at most 10 GB of caches per repository. */
const MAX_BYTES = 10e9;

export function readCache(input: InputReader, report: Report): CacheSettings {
  const enabled = readBoolean('cache', input('cache'), report) ?? true;
  const maxBytes = readByteSize('cache-max-size', input('cache-max-size'), report);
  return { enabled, maxBytes };
}

/** `500MB`, `2 GB`, `750MiB`, or plain bytes; from 1 MB to 10 GB. */
function readByteSize(name: string, raw: string, report: Report): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  const bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : Number.NaN;
  if (!(bytes >= MIN_BYTES && bytes <= MAX_BYTES)) {
    report(`Input "${name}" is ${quote(raw)}: expected a size from 1MB to 10GB, like 500MB, 2GB or 750MiB.`);
    return MIN_BYTES;
  }
  return bytes;
}
