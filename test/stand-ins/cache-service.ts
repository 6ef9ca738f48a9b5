/**
 * A stand-in for the Actions cache service v2 on 127.0.0.1: the Twirp JSON `CacheService` that `@actions/cache`
 * speaks when ACTIONS_CACHE_SERVICE_V2 is set (create an entry → signed upload URL, finalize, get a download URL
 * by key and restore keys), with the archives stored in Azurite. Like GitHub, entries are immutable (a key is
 * created once), a key is looked up exactly, then each restore key as a prefix, newest entry first, and only
 * among entries of the same version (the library's hash of paths and compression). Like GitHub, an entry belongs
 * to the branch that saved it, and a run reads its own branch's entries, then its base branch's (`scope`).
 */
import { spawnSync } from 'node:child_process';
import { startTwirpServer, TwirpError } from './twirp.ts';

const SERVICE = 'github.actions.results.api.v1.CacheService';

export interface CacheEntryRecord {
  key: string;
  version: string;
  blobName: string;
  finalized: boolean;
  sizeBytes?: number;
  /** Order of creation: the newest entry wins a prefix match. */
  sequence: number;
  /** The ref of the run that saved it. */
  scope: string;
}

export interface CacheService {
  /** Origin to put in ACTIONS_RESULTS_URL. */
  url: string;
  entries: CacheEntryRecord[];
  /** Calls by method name, to tell what a run asked for. */
  calls: Record<string, number>;
  authorizations: string[];
  /**
   * `ok` answers; `unavailable` answers every call with 503; `hang` never answers (until `close`);
   * `read-only` refuses to create entries, as for a pull request from a fork.
   */
  mode: 'ok' | 'unavailable' | 'hang' | 'read-only';
  /** The ref runs save under, and the refs they may read, in order (a pull request: its own, then its base). */
  scope: { ref: string; readable: string[] };
  close(): Promise<void>;
}

export async function startCacheService(options: {
  container: string;
  /** A URL that lets its holder write and read the blob (Azurite's signed URL). */
  signUrl: (container: string, blobName: string) => string;
}): Promise<CacheService> {
  const entries: CacheEntryRecord[] = [];
  const calls: Record<string, number> = {};
  let sequence = 0;

  const server = await startTwirpServer(SERVICE, (method, body) => {
    calls[method] = (calls[method] ?? 0) + 1;
    if (service.mode === 'unavailable') throw new TwirpError(503, 'unavailable', 'the cache service is down');
    if (service.mode === 'hang') return new Promise(() => undefined);
    const key = String(body.key ?? '');
    const version = String(body.version ?? '');
    switch (method) {
      case 'CreateCacheEntry': {
        if (service.mode === 'read-only') {
          return { ok: false, message: 'cache write denied: this token may only read caches' };
        }
        if (entries.some((entry) => entry.key === key && entry.version === version)) {
          return { ok: false, message: `a cache entry with the key ${key} already exists` };
        }
        const record: CacheEntryRecord = {
          key,
          version,
          blobName: `cache/${sequence}-${encodeURIComponent(key)}`,
          finalized: false,
          sequence: sequence++,
          scope: service.scope.ref,
        };
        entries.push(record);
        return { ok: true, signed_upload_url: options.signUrl(options.container, record.blobName) };
      }
      case 'FinalizeCacheEntryUpload': {
        const record = entries.find(
          (entry) => entry.key === key && entry.version === version && entry.scope === service.scope.ref,
        );
        if (!record) throw new TwirpError(404, 'not_found', 'no such cache entry');
        record.finalized = true;
        record.sizeBytes = Number(body.size_bytes ?? 0);
        return { ok: true, entry_id: String(record.sequence + 1) };
      }
      case 'GetCacheEntryDownloadURL': {
        const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : [];
        const match = service.scope.readable
          .map((scope) => {
            const usable = entries
              .filter((entry) => entry.scope === scope && entry.finalized && entry.version === version)
              .sort((a, b) => b.sequence - a.sequence);
            return (
              usable.find((entry) => entry.key === key) ??
              restoreKeys.map((prefix) => usable.find((entry) => entry.key.startsWith(prefix))).find(Boolean)
            );
          })
          .find(Boolean);
        if (!match) return { ok: false };
        return {
          ok: true,
          signed_download_url: options.signUrl(options.container, match.blobName),
          matched_key: match.key,
        };
      }
      default:
        throw new TwirpError(404, 'bad_route', `method ${method} is not implemented by this stand-in`);
    }
  });
  const service: CacheService = {
    url: server.url,
    entries,
    calls,
    authorizations: server.authorizations,
    mode: 'ok',
    scope: { ref: 'refs/heads/main', readable: ['refs/heads/main'] },
    close: () => server.close(),
  };
  return service;
}

/** The variables a runner sets for the cache, pointed at this stand-in (`github.com`: not GHES, so v2 is used). */
export function cacheServiceEnv(service: Pick<CacheService, 'url'>): Record<string, string> {
  return {
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: `${service.url}/`,
    ACTIONS_RUNTIME_TOKEN: 'cache-stand-in-runtime-token',
    GITHUB_SERVER_URL: 'https://github.com',
  };
}

/**
 * `@actions/cache` compresses with zstd when it is installed (as on GitHub's runners) and silently with gzip when
 * not; these tests check the runners' way. Without zstd they are skipped, saying why — except in CI, where
 * `.ci/run` installs it, so its absence is a failure.
 */
export function skipWithoutZstd(): string | false {
  if (spawnSync('zstd', ['--version']).status === 0) return false;
  if (process.env.CI === 'true') throw new Error('zstd is not installed: .ci/run should have installed it');
  return 'zstd is not installed (apt-get install zstd): @actions/cache would fall back to gzip';
}
