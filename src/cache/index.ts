/**
 * The cache stage, between plan and run: it splits the plan into hits (restored under their planned names, with
 * no call to the conversion service) and misses (to convert), and after the run records what was converted.
 * Hits come first from the manifest committed beside the outputs (commit mode: free, no service at all), then
 * from the Actions cache. Other plans (the previews' base versions) go through the same caches after the run and
 * are saved in the same entry, never committed. Neither the scheduler nor the engines know it exists.
 */
import path from 'node:path';
import * as core from '@actions/core';
import { untrustedText } from '../common/untrusted-text.ts';
import type { DependencyLister } from '../convert/engines/dependencies.ts';
import type { EngineIdentity } from '../convert/engines/identity.ts';
import type { JobResult } from '../convert/results.ts';
import type { ConversionJob, Plan } from '../plan/types.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';
import { actionsCacheUnavailable } from './actions-cache-store.ts';
import { CACHE_FORMAT_VERSION, canonicalJson, optionsFingerprint, sha256Hex } from './key.ts';
import { resultsOf } from './look-up.ts';
import { type CommitChanges, NO_CHANGES, RunCache } from './run-cache.ts';

export type { CommitChanges } from './run-cache.ts';

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

/** Comparing the checked-out commits with the ones before them takes one API call; a slow API costs the free hits. */
const COMPARE_TIMEOUT_MS = 15_000;

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
  /** Called only when the cache is used: naming the engine may start a program (the browser's `--version`). */
  identifyEngine: () => Promise<EngineIdentity>,
  runner: RunnerEnvironment,
  listDependencies: DependencyLister,
): Promise<CacheStage> {
  if (!settings.cache.enabled) return { ...passThrough, misses: [...plan.jobs] };
  const commitMode = settings.publish.targets.has('commit');
  const unavailable = actionsCacheUnavailable(runner.actionsCache);
  if (unavailable) core.info(`Cache: the Actions cache is not used: ${unavailable}.`);
  // Nowhere to find or keep anything: not even the sources are read.
  if (unavailable && !commitMode) return { ...passThrough, misses: [...plan.jobs] };
  const started = performance.now();
  const engine = await identifyEngine();
  const options = await optionsFingerprint(settings);
  const cache = new RunCache({
    settings,
    plan,
    engine,
    listDependencies,
    runner,
    unavailable,
    optionsFingerprint: options,
    prefix: keyPrefix(settings, engine, options),
  });
  await cache.readCommittedManifest(AbortSignal.timeout(COMPARE_TIMEOUT_MS));
  const head = await cache.lookUpRun();
  const hitResults = resultsOf(head);
  for (const hit of hitResults)
    core.info(`♻ ${untrustedText(hit.job.source.workspacePath)} → ${hit.job.format} (cached)`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  core.info(`Cache: ${hitResults.length} of ${plan.jobs.length} conversion(s) restored in ${seconds} s.`);
  return {
    hits: hitResults,
    misses: plan.jobs.filter((job) => !head.hits.has(job)),
    knownPairs: await cache.knownPairs(),
    convertAlso: (other, convert) => cache.convertAlso(other, convert),
    record: (results) => cache.record(results),
  };
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
