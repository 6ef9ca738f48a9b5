/**
 * One run's cache: the committed manifest (commit mode), the Actions cache folder restored at most once, the
 * run's own plan looked up, other plans looked up after it, and what all of them made recorded at the end.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { messageOf } from '../common/errors.ts';
import { forEachInParallel } from '../common/in-parallel.ts';
import { untrustedText } from '../common/untrusted-text.ts';
import type { DependencyLister } from '../convert/engines/dependencies.ts';
import type { EngineIdentity } from '../convert/engines/identity.ts';
import type { JobResult } from '../convert/results.ts';
import type { ConversionJob, Plan } from '../plan/types.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';
import { limitsWithin, restoreFolder } from './actions-cache-store.ts';
import {
  type CommittedConversion,
  filesOf,
  readCommittedManifest,
  trustedConversions,
} from './committed-manifest.ts';
import { digestDependencies, isNeverReused } from './dependencies.ts';
import { conversionKey } from './key.ts';
import { type Hit, hashSources, type LookUp, PARALLEL_FILES, restoreHit, resultsOf } from './look-up.ts';
import { blobPath, type CacheEntry, readCacheFolder } from './manifest.ts';
import type { TarGuardSetup } from './guarded-restore.ts';
import { pushedChanges } from './pushed-changes.ts';
import {
  commitConversions,
  hitOfConversion,
  keepAsBlobs,
  madeByRun,
  saveToActionsCache,
} from './recording.ts';

/** What publishing must add to the commit beside the outputs: the manifest, and files to delete. */
export interface CommitChanges {
  alsoCommit: string[];
  remove: string[];
}

export const NO_CHANGES: CommitChanges = { alsoCommit: [], remove: [] };

interface Restored {
  entries: Map<string, CacheEntry>;
  responsive: boolean;
}

export interface RunCacheSetup {
  settings: Settings;
  plan: Plan;
  engine: EngineIdentity;
  /** The files besides each source that its key must cover. */
  listDependencies: DependencyLister;
  runner: RunnerEnvironment;
  /** Why the Actions cache cannot be used, or undefined when it can. */
  unavailable: string | undefined;
  optionsFingerprint: string;
  /** The Actions cache key's prefix for this configuration. */
  prefix: string;
}

export class RunCache {
  readonly #setup: RunCacheSetup;
  readonly #commitMode: boolean;
  readonly #folder: string;
  #committed: CommittedConversion[] = [];
  #committedByKey = new Map<string, CommittedConversion>();
  /** Restored once, when a first job is not found among the committed outputs. */
  #restoring: Promise<Restored> | undefined;
  /** The run's own plan, looked up. */
  #head: LookUp | undefined;
  /** Conversions of other plans to save with the run's: their outputs are temporary, so kept as blobs at once. */
  readonly #also = new Map<string, Hit>();
  #convertedAlso = false;

  /** The run's one deadline (`timeout`), on performance.now()'s clock: lookups, restore and save end by then. */
  readonly #deadline: number;

  constructor(setup: RunCacheSetup) {
    this.#setup = setup;
    this.#deadline = performance.now() + setup.settings.timeoutMs;
    this.#commitMode = setup.settings.publish.targets.has('commit');
    this.#folder = path.join(setup.runner.temporaryDirectory, 'convert-documents-cache');
  }

  /**
   * Reads the committed manifest (commit mode only): the free hits. All of it is kept to record what the action
   * made, but only entries the checked-out commits did not touch (see pushed-changes.ts) are hits.
   */
  async readCommittedManifest(signal: AbortSignal): Promise<void> {
    if (!this.#commitMode) return;
    const { settings, runner } = this.#setup;
    this.#committed = await readCommittedManifest(settings.outputDir);
    if (this.#committed.length === 0) return;
    const changes = await pushedChanges(settings.publish.githubToken, runner, signal);
    const trusted = trustedConversions(this.#committed, changes, settings);
    if ('why' in trusted) {
      core.info(
        `Cache: committed outputs are not reused, converting instead: ${untrustedText(trusted.why)}.`,
      );
      return;
    }
    this.#committedByKey = new Map(trusted.conversions.map((conversion) => [conversion.key, conversion]));
  }

  committedManifest(): readonly CommittedConversion[] {
    return this.#committed;
  }

  /** The Actions cache folder, restored on first use. */
  restore(): Promise<Restored> {
    this.#restoring ??= (async () => {
      await rm(this.#folder, { recursive: true, force: true });
      await mkdir(this.#folder, { recursive: true });
      const left = this.timeLeftMs();
      const restored =
        left > 0
          ? await restoreFolder(this.#folder, this.#setup.prefix, this.#tarGuard(), limitsWithin(left))
          : { key: undefined, responsive: false };
      const entries = restored.key ? await readCacheFolder(this.#folder) : new Map<string, CacheEntry>();
      return { entries, responsive: restored.responsive };
    })();
    return this.#restoring;
  }

  #tarGuard(): TarGuardSetup {
    const { runner, settings } = this.#setup;
    return {
      selfCommand: runner.selfCommand,
      searchPath: runner.searchPath,
      temporaryDirectory: runner.temporaryDirectory,
      maxBytes: settings.cache.maxBytes,
    };
  }

  /** What is left of the run's deadline. */
  timeLeftMs(): number {
    return this.#deadline - performance.now();
  }

  /** (source extension, format) pairs of the restored entries; empty when nothing was restored. */
  async knownPairs(): Promise<Set<string>> {
    const pairs = new Set<string>();
    if (!this.#restoring) return pairs;
    for (const entry of (await this.#restoring).entries.values()) if (entry.pair) pairs.add(entry.pair);
    return pairs;
  }

  /** Looks the run's own plan up: its hits are what `record` keeps and commits. */
  async lookUpRun(): Promise<LookUp> {
    this.#head = await this.lookUp(this.#setup.plan, false);
    return this.#head;
  }

  /** Looks a plan up: committed outputs first, then the Actions cache for what is still missing. */
  async lookUp(plan: Plan, afterRun: boolean): Promise<LookUp> {
    const { settings, engine, optionsFingerprint, unavailable, listDependencies } = this.#setup;
    const sourceHashes = await hashSources(plan);
    const dependencies = await digestDependencies(plan, listDependencies, PARALLEL_FILES);
    const keys = new Map(
      plan.jobs.map((job) => [
        job,
        conversionKey({
          sourceSha256: sourceHashes[job.documentIndex] as string,
          format: job.format,
          optionsFingerprint,
          engine,
          dependencies: dependencies[job.documentIndex],
        }),
      ]),
    );
    const lookUp: LookUp = {
      plan,
      afterRun,
      sourceHashes,
      keyOf: (job) => keys.get(job) as string,
      reusable: (job) => !isNeverReused(dependencies[job.documentIndex]),
      hits: new Map(),
    };
    await forEachInParallel(plan.jobs, PARALLEL_FILES, async (job) => {
      const conversion = this.#committedByKey.get(lookUp.keyOf(job));
      if (conversion) {
        await restoreHit(lookUp, job, filesOf(settings.outputDir, conversion), conversion, {
          origin: 'committed outputs',
          root: settings.outputDir,
        });
      }
    });
    if (unavailable || lookUp.hits.size === plan.jobs.length) return lookUp;
    const { entries } = await this.restore();
    await forEachInParallel(plan.jobs, PARALLEL_FILES, async (job) => {
      const entry = entries.get(lookUp.keyOf(job));
      if (!entry || lookUp.hits.has(job)) return;
      const blobs = entry.outputs.map((output) => blobPath(this.#folder, output.sha256));
      await restoreHit(lookUp, job, blobs, entry, { origin: 'Actions cache', root: this.#folder });
    });
    return lookUp;
  }

  /** Another plan through the same cache: see `CacheStage.convertAlso`. */
  async convertAlso(
    other: Plan,
    convert: (misses: Plan) => Promise<readonly JobResult[]>,
  ): Promise<JobResult[]> {
    const lookUp = await this.lookUp(other, true);
    const misses = other.jobs.filter((job) => !lookUp.hits.has(job));
    const converted = misses.length > 0 ? await convert({ ...other, jobs: misses }) : [];
    const restored = resultsOf(lookUp);
    for (const hit of restored) core.info(`♻ ${hit.job.expectedOutput} (cached)`);
    const byJob = new Map([...restored, ...converted].map((result) => [result.job, result]));
    if (!this.#setup.unavailable) await this.#keepAlso(lookUp, converted);
    return other.jobs.map((job) => byJob.get(job) as JobResult);
  }

  async #keepAlso(lookUp: LookUp, converted: readonly JobResult[]): Promise<void> {
    const made: [ConversionJob, Hit][] = [...lookUp.hits];
    for (const result of converted) {
      if (result.status !== 'converted') continue;
      made.push([result.job, await hitOfConversion(result)]);
      this.#convertedAlso = true;
    }
    for (const [job, { entry, files }] of made) {
      if (!lookUp.reusable(job)) continue;
      try {
        this.#also.set(lookUp.keyOf(job), { entry, files: await keepAsBlobs(this.#folder, entry, files) });
      } catch (error) {
        core.warning(`Cache: could not keep ${job.expectedOutput} (${messageOf(error)}).`);
      }
    }
  }

  /** After the run: saves new conversions to the Actions cache; in commit mode writes the manifest. */
  async record(results: readonly JobResult[]): Promise<CommitChanges> {
    const head = this.#head as LookUp;
    const { settings, plan, unavailable, prefix, runner } = this.#setup;
    const made = await madeByRun(results, head);
    const convertedAny = this.#convertedAlso || results.some((result) => result.status === 'converted');
    const responsive = this.#restoring ? (await this.#restoring).responsive : true;
    if (!unavailable && convertedAny && !responsive) {
      core.info('Cache: not saving, since the cache service did not answer in time.');
    } else if (!unavailable && convertedAny && this.timeLeftMs() <= 0) {
      core.info('Cache: not saving, since the run’s timeout has passed.');
    } else if (!unavailable && convertedAny) {
      const wanted = new Map<string, Hit>();
      for (const job of plan.jobs) {
        const hit = made.get(job);
        if (hit && head.reusable(job)) wanted.set(head.keyOf(job), hit);
      }
      for (const [key, hit] of this.#also) if (!wanted.has(key)) wanted.set(key, hit);
      // Empty when the run made only conversions no later run can match (incomplete dependency listings).
      if (wanted.size > 0) {
        await saveToActionsCache(wanted, this.#folder, prefix, settings, runner, this.timeLeftMs());
      }
    }
    if (!this.#commitMode) return NO_CHANGES;
    const { manifest, removed } = await commitConversions(
      settings,
      plan,
      head,
      made,
      this.#committed,
      results,
    );
    return { alsoCommit: [manifest], remove: removed };
  }
}
