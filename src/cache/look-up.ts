/**
 * Looking a plan up in the cache: each job's key, and the jobs whose stored outputs were restored under their
 * planned names (a file that fails its check makes the job a miss).
 */
import path from 'node:path';
import * as core from '@actions/core';
import { messageOf } from '../common/errors.ts';
import { forEachInParallel } from '../common/in-parallel.ts';
import { untrustedText } from '../common/untrusted-text.ts';
import { formatPairKey } from '../convert/format-check.ts';
import type { JobResult } from '../convert/results.ts';
import type { ConversionJob, Plan } from '../plan/types.ts';
import { sha256OfFile } from './key.ts';
import type { CacheEntry } from './manifest.ts';
import { copyVerified, plannedPaths } from './outputs.ts';

/** Files hashed or restored at once: enough to overlap disk waits, few enough to leave the runner responsive. */
export const PARALLEL_FILES = 8;

/** Where a hit came from, so recording can keep it without reading it again. */
export interface Hit {
  entry: CacheEntry;
  /** Where the entry's bytes are now (blobs in the cache folder, or the outputs themselves). */
  files: readonly string[];
}

/** One plan looked up in the cache: each job's key, and the jobs restored. */
export interface LookUp {
  plan: Plan;
  /** Looked up after the run's conversions, which may have replaced committed outputs. */
  afterRun: boolean;
  sourceHashes: readonly string[];
  keyOf(job: ConversionJob): string;
  /** False when the job's key can never match again (its dependencies could not all be listed): not saved. */
  reusable(job: ConversionJob): boolean;
  hits: Map<ConversionJob, Hit & { result: JobResult }>;
}

export type HitOrigin = 'committed outputs' | 'Actions cache';

/** Where a hit's files come from: every file must really be a regular file inside `root`. */
export interface HitSource {
  origin: HitOrigin;
  /** output-dir for committed outputs, the restored folder for the Actions cache. */
  root: string;
}

/** Restores one job from `from` (in `entry.outputs` order) into `lookUp.hits`; a file that fails its check makes it a miss. */
export async function restoreHit(
  lookUp: LookUp,
  job: ConversionJob,
  from: readonly string[] | undefined,
  entry: CacheEntry,
  { origin, root }: HitSource,
): Promise<void> {
  const jobStarted = performance.now();
  const targets = plannedPaths(job, entry.outputs, entry.stem);
  if (!from || !targets) return;
  try {
    await copyVerified(from, targets, entry.outputs, root);
  } catch (error) {
    const message = `Cache: ${untrustedText(job.source.workspacePath)} → ${job.format}: ${untrustedText(messageOf(error))} (${origin}); converting it again.`;
    // Another plan looks up after this run has converted: committed outputs may have been replaced by then.
    if (lookUp.afterRun && origin === 'committed outputs') core.debug(message);
    else core.warning(message);
    return;
  }
  lookUp.hits.set(job, {
    // Named after this document from now on, so a renamed document's entry describes its new outputs.
    entry: {
      stem: job.source.stem,
      pair: pairOf(job),
      outputs: entry.outputs.map((output, index) => ({
        ...output,
        name: path.basename(targets[index] as string),
      })),
    },
    // Blobs already in the cache folder are kept as they are; committed outputs are copied in when saving.
    files: origin === 'Actions cache' ? from : targets,
    result: {
      job,
      status: 'cached',
      outputs: [...targets].sort(),
      durationMs: Math.round(performance.now() - jobStarted),
    },
  });
}

/** A look-up's hits, in plan order. */
export function resultsOf(lookUp: LookUp): JobResult[] {
  return lookUp.plan.jobs.flatMap((job) => {
    const hit = lookUp.hits.get(job);
    return hit ? [hit.result] : [];
  });
}

/** SHA-256 of every planned document, a few at a time, in plan.documents order. */
export async function hashSources(plan: Plan): Promise<string[]> {
  const hashes: string[] = new Array(plan.documents.length);
  await forEachInParallel(plan.documents, PARALLEL_FILES, async (document, index) => {
    hashes[index] = await sha256OfFile(document.absolutePath, document.sizeBytes);
  });
  return hashes;
}

export function pairOf(job: ConversionJob): string {
  return formatPairKey(job.source.extension, job.format);
}
