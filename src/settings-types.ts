/** The typed, validated form of the action's inputs. Produced by `readSettings` in settings.ts. */

import type { CacheSettings } from './settings/cache.ts';
import type { ChangedOnlySettings } from './settings/changed-only.ts';
import type { DownloadLimitSettings } from './settings/download-limits.ts';
import type { EngineSettings } from './settings/engine.ts';
import type { PreviewSettings } from './settings/previews.ts';
import type { ShardingSettings } from './settings/sharding.ts';

export type IfNoFilesFound = 'warn' | 'error' | 'ignore';
export type PublishTarget = 'artifact' | 'commit' | 'release';
export type PrCommentMode = 'auto' | 'always' | 'never';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export interface PublishSettings {
  /** Empty when `publish: none`. */
  targets: ReadonlySet<PublishTarget>;
  artifactName: string;
  artifactPerFile: boolean;
  /** undefined = repository default */
  retentionDays: number | undefined;
  /** undefined = the triggering branch (PR head branch on pull_request) */
  commitBranch: string | undefined;
  commitMessage: string;
  /** undefined = the release of a `release` event */
  releaseTag: string | undefined;
  prComment: PrCommentMode;
  /** May be empty outside a runner; registered as a secret when not. */
  githubToken: string;
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
