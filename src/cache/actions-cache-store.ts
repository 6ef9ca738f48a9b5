/**
 * The Actions cache through `@actions/cache`: one folder restored by key prefix before the run and saved under a
 * new unique key after it (entries are immutable). Every call is bounded in time: a service that fails, refuses
 * or hangs costs a warning and a few seconds, never the run. The library retries a failing service for about
 * 30 s on timers we cannot cancel, so work given up on is recorded and the process ends without waiting for it.
 */
import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import { messageOf } from './outputs.ts';

/** Restoring includes the download and unpacking of the archive. */
export const RESTORE_TIME_LIMIT_MS = 10_000;
export const SAVE_TIME_LIMIT_MS = 20_000;

let abandoned = 0;

/** True when a cache call was given up on and may still hold timers open: the process may exit without it. */
export function cacheWorkAbandoned(): boolean {
  return abandoned > 0;
}

/** Why the Actions cache cannot be used here, or undefined when it can. */
export function actionsCacheUnavailable(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.ACTIONS_RUNTIME_TOKEN) return 'not running on a GitHub runner (no ACTIONS_RUNTIME_TOKEN)';
  if (!env.ACTIONS_CACHE_URL && !env.ACTIONS_RESULTS_URL) return 'the runner gives no cache service URL';
  return undefined;
}

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
    abandoned++;
    work.catch(() => undefined);
    core.warning(`Cache: ${what} took longer than ${limitMs / 1000} s; going on without it.`);
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}

/** The newest entry whose key starts with `prefix`, unpacked into `folder`. Resolves to its key, or undefined. */
export async function restoreFolder(
  folder: string,
  prefix: string,
  limitMs = RESTORE_TIME_LIMIT_MS,
): Promise<string | undefined> {
  const work = (async () => {
    try {
      const cache = await import('@actions/cache');
      return await cache.restoreCache([folder], prefix, [prefix]);
    } catch (error) {
      core.warning(`Cache: could not restore (${messageOf(error)}); converting without it.`);
      return undefined;
    }
  })();
  return withinTimeLimit(work, limitMs, undefined, 'restoring');
}

/** Saves `folder` under `prefix` + a unique suffix. Resolves to the key saved under, or undefined. */
export async function saveFolder(
  folder: string,
  prefix: string,
  env: NodeJS.ProcessEnv,
  limitMs = SAVE_TIME_LIMIT_MS,
): Promise<string | undefined> {
  const run = `${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`.replace(
    /[^0-9A-Za-z-]/g,
    '',
  );
  const key = `${prefix}${run}-${randomBytes(4).toString('hex')}`;
  const work = (async () => {
    try {
      const cache = await import('@actions/cache');
      // The library reports why in its own words (sometimes only as information) and resolves -1.
      if ((await cache.saveCache([folder], key)) > 0) return key;
      if (!['read', 'none'].includes((env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase())) {
        core.warning('Cache: the conversions of this run were not saved; the next run converts them again.');
      }
      return undefined;
    } catch (error) {
      core.warning(`Cache: could not save (${messageOf(error)}).`);
      return undefined;
    }
  })();
  return withinTimeLimit(work, limitMs, undefined, 'saving');
}
