/**
 * The cache stage, between plan and run: it splits the plan into hits (restored under their planned names, with
 * no call to the conversion service) and misses (to convert), and after the run records what was converted.
 * Hits come first from the manifest committed beside the outputs (commit mode: free, no service at all), then
 * from the Actions cache. Other plans (the previews' base versions) go through the same caches after the run and
 * are saved in the same entry, never committed. Neither the scheduler nor the engines know it exists.
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { messageOf } from '../common/errors.ts';
import { forEachInParallel } from '../common/in-parallel.ts';
import { untrustedText } from '../common/untrusted-text.ts';
import type { EngineIdentity } from '../convert/engines/identity.ts';
import { formatPairKey } from '../convert/format-check.ts';
import type { JobResult } from '../convert/results.ts';
import type { ConversionJob, Plan } from '../plan/types.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';
import { actionsCacheUnavailable, restoreFolder, saveFolder } from './actions-cache-store.ts';
import {
  type CommittedConversion,
  filesOf,
  readCommittedManifest,
  removeOutputsOfPastConversions,
  writeCommittedManifest,
} from './committed-manifest.ts';
import {
  CACHE_FORMAT_VERSION,
  canonicalJson,
  conversionKey,
  optionsFingerprint,
  sha256Hex,
  sha256OfFile,
} from './key.ts';
import {
  blobPath,
  type CacheEntry,
  type EntryToSave,
  readCacheFolder,
  writeCacheFolder,
} from './manifest.ts';
import { copyVerified, describeOutputs, plannedPaths } from './outputs.ts';

/** What publishing must add to the commit beside the outputs: the manifest, and files to delete. */
export interface CommitChanges {
  alsoCommit: string[];
  remove: string[];
}

export interface CacheStage {
  /** Jobs restored from a cache, status `cached`, in plan order. */
  hits: JobResult[];
  /** Jobs to convert, in plan order. */
  misses: ConversionJob[];
  /** (source extension, format) pairs earlier runs converted with this engine: no need to ask the service. */
  knownPairs: ReadonlySet<string>;
  /**
   * Another plan through the same cache (the previews' base versions): hits restored, misses handed to `convert`.
   * Its conversions are saved with the run's by `record`, so the next run finds both; they are never committed.
   * Returns every job's result in plan order; `convert` is not called when every job is a hit.
   */
  convertAlso(plan: Plan, convert: (misses: Plan) => Promise<readonly JobResult[]>): Promise<JobResult[]>;
  /** After the run: saves new conversions to the Actions cache; in commit mode writes the manifest. */
  record(results: readonly JobResult[]): Promise<CommitChanges>;
}

const NO_CHANGES: CommitChanges = { alsoCommit: [], remove: [] };
/** Files hashed or restored at once: enough to overlap disk waits, few enough to leave the runner responsive. */
const PARALLEL_FILES = 8;

/** Where a hit came from, so recording can keep it without reading it again. */
interface Hit {
  entry: CacheEntry;
  /** Where the entry's bytes are now (blobs in the cache folder, or the outputs themselves). */
  files: readonly string[];
}

/** One plan looked up in the cache: each job's key, and the jobs restored. */
interface LookUp {
  plan: Plan;
  /** Looked up after the run's conversions, which may have replaced committed outputs. */
  afterRun: boolean;
  sourceHashes: readonly string[];
  keyOf(job: ConversionJob): string;
  hits: Map<ConversionJob, Hit & { result: JobResult }>;
}

const passThrough: CacheStage = {
  hits: [],
  misses: [],
  knownPairs: new Set(),
  convertAlso: async (plan, convert) => [...(await convert(plan))],
  record: async () => NO_CHANGES,
};

export async function openCacheStage(
  settings: Settings,
  plan: Plan,
  engine: EngineIdentity,
  runner: RunnerEnvironment,
): Promise<CacheStage> {
  if (!settings.cache.enabled) return { ...passThrough, misses: [...plan.jobs] };
  const commitMode = settings.publish.targets.has('commit');
  const unavailable = actionsCacheUnavailable(runner.actionsCache);
  if (unavailable) core.info(`Cache: the Actions cache is not used: ${unavailable}.`);
  // Nowhere to find or keep anything: not even the sources are read.
  if (unavailable && !commitMode) return { ...passThrough, misses: [...plan.jobs] };
  const started = performance.now();
  const options = await optionsFingerprint(settings);
  const committed = commitMode ? await readCommittedManifest(settings.outputDir) : [];
  const committedByKey = new Map(committed.map((conversion) => [conversion.key, conversion]));
  const folder = path.join(runner.temporaryDirectory, 'convert-documents-cache');
  const prefix = keyPrefix(settings, engine, options);
  // Restored once, when a first job is not found among the committed outputs.
  let restoring: Promise<{ entries: Map<string, CacheEntry>; responsive: boolean }> | undefined;
  const restoreOnce = () => {
    restoring ??= (async () => {
      await rm(folder, { recursive: true, force: true });
      await mkdir(folder, { recursive: true });
      const restored = await restoreFolder(folder, prefix);
      const entries = restored.key ? await readCacheFolder(folder) : new Map<string, CacheEntry>();
      return { entries, responsive: restored.responsive };
    })();
    return restoring;
  };

  /** Restores one job from `from` (in `entry.outputs` order); a file that fails its check makes it a miss. */
  const restore = async (
    lookUp: LookUp,
    job: ConversionJob,
    from: readonly string[] | undefined,
    entry: CacheEntry,
    origin: 'committed outputs' | 'Actions cache',
  ): Promise<void> => {
    const jobStarted = performance.now();
    const targets = plannedPaths(job, entry.outputs, entry.stem);
    if (!from || !targets) return;
    try {
      await copyVerified(from, targets, entry.outputs);
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
  };

  const lookUpPlan = async (plan: Plan, afterRun: boolean): Promise<LookUp> => {
    const sourceHashes = await hashSources(plan);
    const keys = new Map(
      plan.jobs.map((job) => [
        job,
        conversionKey({
          sourceSha256: sourceHashes[job.documentIndex] as string,
          format: job.format,
          optionsFingerprint: options,
          engine,
        }),
      ]),
    );
    const lookUp: LookUp = {
      plan,
      afterRun,
      sourceHashes,
      keyOf: (job) => keys.get(job) as string,
      hits: new Map(),
    };
    await forEachInParallel(plan.jobs, PARALLEL_FILES, async (job) => {
      const conversion = committedByKey.get(lookUp.keyOf(job));
      if (conversion) {
        await restore(lookUp, job, filesOf(settings.outputDir, conversion), conversion, 'committed outputs');
      }
    });
    if (unavailable || lookUp.hits.size === plan.jobs.length) return lookUp;
    const { entries } = await restoreOnce();
    await forEachInParallel(plan.jobs, PARALLEL_FILES, async (job) => {
      const entry = entries.get(lookUp.keyOf(job));
      if (!entry || lookUp.hits.has(job)) return;
      await restore(
        lookUp,
        job,
        entry.outputs.map((output) => blobPath(folder, output.sha256)),
        entry,
        'Actions cache',
      );
    });
    return lookUp;
  };

  const head = await lookUpPlan(plan, false);
  const hitResults = resultsOf(head);
  for (const hit of hitResults)
    core.info(`♻ ${untrustedText(hit.job.source.workspacePath)} → ${hit.job.format} (cached)`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  core.info(`Cache: ${hitResults.length} of ${plan.jobs.length} conversion(s) restored in ${seconds} s.`);

  /** Conversions of other plans to save with the run's: their outputs are temporary, so kept as blobs at once. */
  const also = new Map<string, Hit>();
  let convertedAlso = false;

  const knownPairs = new Set<string>();
  if (restoring)
    for (const entry of (await restoring).entries.values()) if (entry.pair) knownPairs.add(entry.pair);
  return {
    hits: hitResults,
    misses: plan.jobs.filter((job) => !head.hits.has(job)),
    knownPairs,
    async convertAlso(other, convert) {
      const lookUp = await lookUpPlan(other, true);
      const misses = other.jobs.filter((job) => !lookUp.hits.has(job));
      const converted = misses.length > 0 ? await convert({ ...other, jobs: misses }) : [];
      const restored = resultsOf(lookUp);
      for (const hit of restored) core.info(`♻ ${hit.job.expectedOutput} (cached)`);
      const byJob = new Map([...restored, ...converted].map((result) => [result.job, result]));
      if (!unavailable) {
        const made: [ConversionJob, Hit][] = [...lookUp.hits];
        for (const result of converted) {
          if (result.status !== 'converted') continue;
          const outputs = await describeOutputs(result.outputs);
          made.push([
            result.job,
            {
              entry: { stem: result.job.source.stem, pair: pairOf(result.job), outputs },
              files: result.outputs,
            },
          ]);
          convertedAlso = true;
        }
        for (const [job, { entry, files }] of made) {
          try {
            also.set(lookUp.keyOf(job), { entry, files: await keepAsBlobs(folder, entry, files) });
          } catch (error) {
            core.warning(`Cache: could not keep ${job.expectedOutput} (${messageOf(error)}).`);
          }
        }
      }
      return other.jobs.map((job) => byJob.get(job) as JobResult);
    },
    async record(results) {
      // What each successful job's outputs are now: a hit as restored, a conversion described afresh.
      const made = new Map<ConversionJob, Hit>();
      for (const result of results) {
        const hit = head.hits.get(result.job);
        if (hit) made.set(result.job, hit);
        else if (result.status === 'converted') {
          const outputs = await describeOutputs(result.outputs);
          made.set(result.job, {
            entry: { stem: result.job.source.stem, pair: pairOf(result.job), outputs },
            files: result.outputs,
          });
        }
      }
      const convertedAny = convertedAlso || results.some((result) => result.status === 'converted');
      const responsive = restoring ? (await restoring).responsive : true;
      if (!unavailable && convertedAny && !responsive) {
        core.info('Cache: not saving, since the cache service did not answer in time.');
      } else if (!unavailable && convertedAny) {
        const wanted = new Map<string, Hit>();
        for (const job of plan.jobs) {
          const hit = made.get(job);
          if (hit) wanted.set(head.keyOf(job), hit);
        }
        for (const [key, hit] of also) if (!wanted.has(key)) wanted.set(key, hit);
        await saveToActionsCache(wanted, folder, prefix, settings, runner);
      }
      if (!commitMode) return NO_CHANGES;

      // Only the run's own outputs are committed: other plans' outputs (base versions) are temporary.
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
      return { alsoCommit: [manifest], remove: removed };
    },
  };
}

/**
 * Copies a conversion's outputs into the cache folder's blobs (unless they are there already) and returns where
 * they are: other plans' outputs are temporary and may be gone by the time the cache is saved.
 */
async function keepAsBlobs(folder: string, entry: CacheEntry, files: readonly string[]): Promise<string[]> {
  const blobs = entry.outputs.map((output) => blobPath(folder, output.sha256));
  await mkdir(path.dirname(blobs[0] as string), { recursive: true });
  for (const [index, blob] of blobs.entries()) {
    const file = files[index] as string;
    if (path.resolve(file) !== path.resolve(blob)) await copyFile(file, blob);
  }
  return blobs;
}

/** A look-up's hits, in plan order. */
function resultsOf(lookUp: LookUp): JobResult[] {
  return lookUp.plan.jobs.flatMap((job) => {
    const hit = lookUp.hits.get(job);
    return hit ? [hit.result] : [];
  });
}

/** Saves these conversions (kept hits and new ones, nothing else: the rest is pruned) as a new entry. */
async function saveToActionsCache(
  conversions: ReadonlyMap<string, Hit>,
  folder: string,
  prefix: string,
  settings: Settings,
  runner: RunnerEnvironment,
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
    const savedKey = await saveFolder(folder, prefix, runner);
    if (savedKey) {
      core.info(`Cache: saved ${kept.length} conversion(s), ${(bytes / 1e6).toFixed(1)} MB, as ${savedKey}.`);
    }
  } catch (error) {
    core.warning(`Cache: could not prepare the cache to save (${messageOf(error)}).`);
  }
}

/**
 * Entries of one configuration share this prefix, so a restore finds the newest of them. No branch in it:
 * GitHub scopes caches by branch itself, and a pull request can read its base branch's entries.
 */
function keyPrefix(settings: Settings, engine: EngineIdentity, options: string): string {
  const outputDir = path.relative(settings.workspace, settings.outputDir).split(path.sep).join('/');
  // Each job of a matrix keeps its own share: the newest entry of another shard would hold none of its documents.
  const { shard } = settings.sharding;
  const share = shard ? `${shard.index}/${shard.count}` : '';
  const scope = sha256Hex(canonicalJson({ engine, options, outputDir, share })).slice(0, 16);
  return `convert-documents-v${CACHE_FORMAT_VERSION}-${scope}-`;
}

/** SHA-256 of every planned document, a few at a time, in plan.documents order. */
async function hashSources(plan: Plan): Promise<string[]> {
  const hashes: string[] = new Array(plan.documents.length);
  await forEachInParallel(plan.documents, PARALLEL_FILES, async (document, index) => {
    hashes[index] = await sha256OfFile(document.absolutePath, document.sizeBytes);
  });
  return hashes;
}

function pairOf(job: ConversionJob): string {
  return formatPairKey(job.source.extension, job.format);
}
