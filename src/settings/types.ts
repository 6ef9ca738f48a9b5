/** The typed, validated form of the action's inputs. Produced by `readSettings` (settings/index.ts). */

import type { CacheSettings } from './cache.ts';
import type { ChangedOnlySettings } from './changed-only.ts';
import type { DownloadLimitSettings } from './download-limits.ts';
import type { EngineSettings } from './engine.ts';
import type { PreviewSettings } from './previews.ts';
import type { PublishSettings } from './publishing.ts';
import type { ShardingSettings } from './sharding.ts';

export type { PrCommentMode, PublishSettings, PublishTarget } from './publishing.ts';

export type IfNoFilesFound = 'warn' | 'error' | 'ignore';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export interface Settings {
  /** Absolute path of GITHUB_WORKSPACE (or cwd). */
  workspace: string;
  /** Raw lines of the `path` input: files, directories or globs; `!pattern` excludes. */
  patterns: readonly string[];
  /** Target formats, lower-case, de-duplicated, in the order given. */
  formats: readonly string[];
  /** Absolute, inside the workspace. */
  outputDir: string;
  /** Absolute, inside the workspace. */
  baseDir: string;
  /** undefined only when no credentials were given and none are needed (dry run, or engine libreoffice). */
  credentials: Credentials | undefined;
  /** Normalised base URL without trailing slash, e.g. `https://api.groupdocs.cloud` or `http://host/prefix`. */
  apiBaseUrl: string;
  /** Empty string = the account's default storage. */
  storageName: string;
  /** 1–64 */
  concurrency: number;
  /** The one global deadline for the conversion phase, in milliseconds. */
  timeoutMs: number;
  /** First wait before a status check, in milliseconds. */
  pollIntervalMs: number;
  loadOptions: Readonly<Record<string, unknown>> | undefined;
  convertOptions: Readonly<Record<string, unknown>> | undefined;
  ifNoFilesFound: IfNoFilesFound;
  failOnError: boolean;
  dryRun: boolean;
  cache: CacheSettings;
  publish: PublishSettings;
  previews: PreviewSettings;
  downloadLimits: DownloadLimitSettings;
  changedOnly: ChangedOnlySettings;
  /** Which engine converts, and the repository's fonts (`engine`, `fonts-dir`). */
  engine: EngineSettings;
  sharding: ShardingSettings;
}
