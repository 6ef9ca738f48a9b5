/**
 * The part of a conversion's key that the files besides its source decide (a Markdown page's local images, an HTML
 * page's stylesheets and images): each file's bytes hashed as a stream, a missing or refused one named absent, so
 * changing, adding or removing any of them changes the key. Bounded by what the program reads (the listing's
 * limits): a file past its per-file limit is known only as too large (the program leaves it out whatever it holds),
 * and a document whose files pass the total, or an incomplete listing, is never reused.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { forEachInParallel } from '../common/in-parallel.ts';
import type { DependencyLister, SourceDependencies } from '../convert/engines/dependencies.ts';
import type { Plan } from '../plan/types.ts';
import { canonicalJson, sha256Hex } from './key.ts';

type FileState = { sha256: string; bytes: number } | 'absent' | 'too large' | 'unreadable';

/** SHA-256 of at most `cap` bytes of `file`, streamed: a longer file is 'too large' after reading one byte past it. */
export async function hashUpTo(file: string, cap: number): Promise<FileState> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await pipeline(createReadStream(file, { start: 0, end: cap }), async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        bytes += chunk.length;
        hash.update(chunk);
      }
    });
  } catch {
    return 'unreadable';
  }
  return bytes > cap ? 'too large' : { sha256: hash.digest('hex'), bytes };
}

/**
 * The digest of one document's dependencies; undefined when it has none (its key stays what it always was), and a
 * value no other run can make when the listing is incomplete or its files pass the listing's total limit.
 */
export async function dependenciesDigest(listed: SourceDependencies): Promise<string | undefined> {
  if (!listed.complete) return uncacheable();
  if (listed.dependencies.length === 0) return undefined;
  const states = new Map<string, FileState>();
  let hashed = 0;
  const parts: { reference: string; state: FileState }[] = [];
  for (const { reference, file } of listed.dependencies) {
    let state: FileState = 'absent';
    if (file !== undefined) {
      state = states.get(file) ?? (await hashUpTo(file, listed.limits.fileBytes));
      if (!states.has(file) && typeof state === 'object') hashed += state.bytes;
      states.set(file, state);
    }
    if (hashed > listed.limits.totalBytes) return uncacheable();
    parts.push({ reference, state });
  }
  return sha256Hex(canonicalJson(parts));
}

const NEVER_REUSED = 'uncacheable-';

/** A key part that matches nothing stored: the document is converted every time. */
function uncacheable(): string {
  return `${NEVER_REUSED}${randomUUID()}`;
}

/** Whether a digest is one no run can make again: its conversion is not worth saving. */
export function isNeverReused(digest: string | undefined): boolean {
  return digest?.startsWith(NEVER_REUSED) ?? false;
}

/** Each planned document's dependency digest, a few documents at a time, in plan.documents order. */
export async function digestDependencies(
  plan: Plan,
  list: DependencyLister,
  parallel: number,
): Promise<(string | undefined)[]> {
  const digests: (string | undefined)[] = new Array(plan.documents.length);
  await forEachInParallel(plan.documents, parallel, async (document, index) => {
    digests[index] = await dependenciesDigest(await list(document));
  });
  return digests;
}
