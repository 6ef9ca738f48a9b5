/**
 * The Actions cache through `@actions/cache`: one folder restored by key prefix before the run and saved under a
 * new unique key after it (entries are immutable). Every call is bounded in time: a service that fails, refuses
 * or hangs costs a warning and a few seconds, never the run. The library retries a failing service for about
 * 30 s on timers we cannot cancel, so work given up on is recorded and the process ends without waiting for it.
 */
import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import { messageOf } from '../common/errors.ts';
import { untrustedText } from '../common/untrusted-text.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import { type TarGuardSetup, withTarGuard } from './guarded-restore.ts';

/**
 * A healthy service answers a lookup in well under a second; one that fails is retried by the library for about
 * 30 s. So the lookup is bounded tightly, and only a service that answered it is given time to move data.
 */
export const TIME_LIMITS = { lookupMs: 3_000, restoreMs: 20_000, saveMs: 20_000 };

/** The time limits cut to what is left of the run's deadline (`leftMs`), so the cache never outlasts it. */
export function limitsWithin(leftMs: number): typeof TIME_LIMITS {
  const left = Math.max(0, Math.floor(leftMs));
  return {
    lookupMs: Math.min(TIME_LIMITS.lookupMs, left),
    restoreMs: Math.min(TIME_LIMITS.restoreMs, left),
    saveMs: Math.min(TIME_LIMITS.saveMs, left),
  };
}

/** Why the Actions cache cannot be used here, or undefined when it can. */
export function actionsCacheUnavailable(cache: RunnerEnvironment['actionsCache']): string | undefined {
  if (!cache.runtimeToken) return 'not running on a GitHub runner (no ACTIONS_RUNTIME_TOKEN)';
  if (!cache.serviceUrl) return 'the runner gives no cache service URL';
  return undefined;
}

export interface RestoreOutcome {
  /** The key of the entry unpacked into the folder, or undefined when there was none (or it could not be read). */
  key: string | undefined;
  /** False when the service did not answer in time: saving would only wait again. */
  responsive: boolean;
}

const LATE = Symbol('late');

/** Resolves to the promise's value, or to `fallback` with a warning when it takes longer than `limitMs`. */
export async function withinTimeLimit<T>(
  work: Promise<T>,
  limitMs: number,
  fallback: T,
  what: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), limitMs);
  });
  try {
    const outcome = await Promise.race([work, late]);
    if (outcome !== 'late') return outcome as T;
    work.catch(() => undefined);
    core.warning(`Cache: ${what} took longer than ${Math.round(limitMs / 100) / 10} s; going on without it.`);
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The newest entry whose key starts with `prefix`, unpacked into `folder`: looked up first, then downloaded and
 * unpacked by the library with the tar guard (guarded-restore.ts), so an archive with a member that would land
 * outside `folder` is refused before anything of it is written.
 */
export async function restoreFolder(
  folder: string,
  prefix: string,
  guard: TarGuardSetup,
  limits: Pick<typeof TIME_LIMITS, 'lookupMs' | 'restoreMs'> = TIME_LIMITS,
): Promise<RestoreOutcome> {
  const restore = async (lookupOnly: boolean) => {
    try {
      const cache = await import('@actions/cache');
      return await cache.restoreCache([folder], prefix, [prefix], { lookupOnly });
    } catch (error) {
      core.warning(`Cache: could not restore (${messageOf(error)}); converting without it.`);
      return undefined;
    }
  };
  const found = await withinTimeLimit<string | undefined | typeof LATE>(
    restore(true),
    limits.lookupMs,
    LATE,
    'looking up the cache',
  );
  if (found === LATE) return { key: undefined, responsive: false };
  if (found === undefined) return { key: undefined, responsive: true };
  const guarded = (async () => {
    const outcome = await withTarGuard(folder, guard, Date.now() + limits.restoreMs, () => restore(false));
    if (outcome.refusal === undefined) return outcome.value;
    core.warning(
      `Cache: the cache entry was not restored: ${untrustedText(outcome.refusal)}; converting without it.`,
    );
    return undefined;
  })();
  const key = await withinTimeLimit<string | undefined | typeof LATE>(
    guarded,
    limits.restoreMs,
    LATE,
    'restoring the cache',
  );
  return key === LATE ? { key: undefined, responsive: false } : { key, responsive: true };
}

/** Saves `folder` under `prefix` + a unique suffix. Resolves to the key saved under, or undefined. */
export async function saveFolder(
  folder: string,
  prefix: string,
  runner: Pick<RunnerEnvironment, 'runLabels' | 'actionsCache'>,
  limitMs = TIME_LIMITS.saveMs,
): Promise<string | undefined> {
  const run = `${runner.runLabels.runId || 'local'}-${runner.runLabels.runAttempt || '1'}`.replace(
    /[^0-9A-Za-z-]/g,
    '',
  );
  const key = `${prefix}${run}-${randomBytes(4).toString('hex')}`;
  const work = (async () => {
    try {
      const cache = await import('@actions/cache');
      // The library reports why in its own words (sometimes only as information) and resolves -1.
      if ((await cache.saveCache([folder], key)) > 0) return key;
      if (!['read', 'none'].includes(runner.actionsCache.mode)) {
        core.warning('Cache: the conversions of this run were not saved; the next run converts them again.');
      }
      return undefined;
    } catch (error) {
      core.warning(`Cache: could not save (${messageOf(error)}).`);
      return undefined;
    }
  })();
  return withinTimeLimit(work, limitMs, undefined, 'saving the cache');
}
