/**
 * After the run: what each job's outputs are now, saved as a new Actions cache entry (kept hits and new
 * conversions, nothing else), and in commit mode the committed manifest rewritten beside the outputs.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { messageOf } from '../common/errors.ts';
import { copyFileReplacing } from '../common/safe-files.ts';
import type { JobResult } from '../convert/results.ts';
import type { ConversionJob, Plan } from '../plan/types.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';
import { limitsWithin, saveFolder } from './actions-cache-store.ts';
import {
  type CommittedConversion,
  removeOutputsOfPastConversions,
  writeCommittedManifest,
} from './committed-manifest.ts';
import { type Hit, type LookUp, pairOf } from './look-up.ts';
import { blobPath, type CacheEntry, type EntryToSave, writeCacheFolder } from './manifest.ts';
import { describeOutputs } from './outputs.ts';

/** A conversion's entry described from the files it wrote. */
export async function hitOfConversion(result: JobResult): Promise<Hit> {
  const outputs = await describeOutputs(result.outputs);
  return {
    entry: { stem: result.job.source.stem, pair: pairOf(result.job), outputs },
    files: result.outputs,
  };
}

/** What each successful job's outputs are now: a hit as restored, a conversion described afresh. */
export async function madeByRun(
  results: readonly JobResult[],
  head: LookUp,
): Promise<Map<ConversionJob, Hit>> {
  const made = new Map<ConversionJob, Hit>();
  for (const result of results) {
    const hit = head.hits.get(result.job);
    if (hit) made.set(result.job, hit);
    else if (result.status === 'converted') made.set(result.job, await hitOfConversion(result));
  }
  return made;
}

/**
 * Copies a conversion's outputs into the cache folder's blobs (unless they are there already) and returns where
 * they are: other plans' outputs are temporary and may be gone by the time the cache is saved.
 */
export async function keepAsBlobs(
  folder: string,
  entry: CacheEntry,
  files: readonly string[],
): Promise<string[]> {
  const blobs = entry.outputs.map((output) => blobPath(folder, output.sha256));
  await mkdir(path.dirname(blobs[0] as string), { recursive: true });
  for (const [index, blob] of blobs.entries()) {
    const file = files[index] as string;
    if (path.resolve(file) !== path.resolve(blob)) await copyFileReplacing(file, blob);
  }
  return blobs;
}

/** Saves these conversions (kept hits and new ones, nothing else: the rest is pruned) as a new entry. */
export async function saveToActionsCache(
  conversions: ReadonlyMap<string, Hit>,
  folder: string,
  prefix: string,
  settings: Settings,
  runner: RunnerEnvironment,
  timeLeftMs: number,
): Promise<void> {
  const wanted: EntryToSave[] = [...conversions].map(([key, hit]) => ({
    key,
    entry: hit.entry,
    files: hit.files,
  }));
  try {
    await mkdir(folder, { recursive: true });
    const { kept, bytes } = await writeCacheFolder(folder, wanted, settings.cache.maxBytes);
    if (kept.length < wanted.length) {
      core.info(
        `Cache: ${wanted.length - kept.length} conversion(s) left out to stay within cache-max-size.`,
      );
    }
    const savedKey = await saveFolder(folder, prefix, runner, limitsWithin(timeLeftMs).saveMs);
    if (savedKey) {
      core.info(`Cache: saved ${kept.length} conversion(s), ${(bytes / 1e6).toFixed(1)} MB, as ${savedKey}.`);
    }
  } catch (error) {
    core.warning(`Cache: could not prepare the cache to save (${messageOf(error)}).`);
  }
}

/**
 * Commit mode: the manifest rewritten for this run's own outputs (other plans' outputs, the base versions, are
 * temporary), the outputs of conversions that are over deleted. Returns the manifest's path and the removed files.
 */
export async function commitConversions(
  settings: Settings,
  plan: Plan,
  head: LookUp,
  made: ReadonlyMap<ConversionJob, Hit>,
  committed: readonly CommittedConversion[],
  results: readonly JobResult[],
): Promise<{ manifest: string; removed: string[] }> {
  const current: CommittedConversion[] = plan.jobs.flatMap((job) => {
    const hit = made.get(job);
    if (!hit) return [];
    return [
      {
        ...hit.entry,
        source: job.source.workspacePath,
        sourceSha256: head.sourceHashes[job.documentIndex] as string,
        format: job.format,
        key: head.keyOf(job),
        directory: path.relative(settings.outputDir, job.outputDirectory).split(path.sep).join('/'),
      },
    ];
  });
  const written = new Set(results.flatMap((result) => result.outputs.map((file) => path.resolve(file))));
  const { removed, over } = await removeOutputsOfPastConversions(
    committed,
    settings.workspace,
    settings.outputDir,
    current,
    written,
  );
  // A conversion that failed this time keeps its earlier entry, so its outputs stay known as the action's.
  const carried = committed.filter((conversion) => !over.has(conversion));
  const manifest = await writeCommittedManifest(settings.outputDir, [...current, ...carried]);
  return { manifest, removed };
}
