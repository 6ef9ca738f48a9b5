/**
 * Artifacts of the run: one zipped artifact of every converted file (paths kept relative to output-dir) and,
 * with artifact-per-file, one unzipped artifact per file, so each opens straight from the run page.
 */
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { UploadArtifactOptions, UploadArtifactResponse } from '@actions/artifact';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { forEachInParallel } from '../common/in-parallel.ts';
import { untrustedText } from '../common/untrusted-text.ts';
import { reasonOf } from '../github/http-errors.ts';
import { artifactUrl, githubLink } from '../github/links.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { PublishSettings } from '../settings/types.ts';
import type { ConvertedFile } from './files.ts';
import { artifactEntryPath, perFileArtifactName, uniqueNames } from './names.ts';
import { addFileLink, type OutcomeDraft } from './outcome.ts';

/** The part of @actions/artifact's client used here; tests may pass their own. */
export interface ArtifactUploader {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: UploadArtifactOptions,
  ): Promise<UploadArtifactResponse>;
}

const PER_FILE_PARALLEL_UPLOADS = 3;
/** GitHub keeps at most this many artifacts per job; the zipped artifact takes one of them. */
export const MAX_ARTIFACTS_PER_JOB = 500;
const GHES_NOTICE =
  'artifact: skipped, GitHub Enterprise Server does not support @actions/artifact v2+; use publish: none or actions/upload-artifact@v3 on GHES';

/** Puts `source` at `target`: a symbolic link when the system allows one (the client follows it), else a copy. */
async function placeAt(source: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await symlink(source, target);
  } catch {
    await copyFile(source, target);
  }
}

async function withStagingDirectory<T>(parent: string, use: (directory: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(path.join(parent, 'convert-documents-artifact-'));
  try {
    return await use(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

function uploadOptions(settings: PublishSettings, extra: UploadArtifactOptions = {}): UploadArtifactOptions {
  return settings.retentionDays === undefined ? extra : { ...extra, retentionDays: settings.retentionDays };
}

async function uploadZipped(
  files: readonly ConvertedFile[],
  outputDir: string,
  settings: PublishSettings,
  uploader: ArtifactUploader,
  temporaryDirectory: string,
): Promise<UploadArtifactResponse> {
  const entries = files.map((file) => artifactEntryPath(file.outputPath));
  const needsRenaming = entries.some((entry, i) => entry !== files[i]?.outputPath);
  if (!needsRenaming) {
    return uploader.uploadArtifact(
      settings.artifactName,
      files.map((file) => file.absolutePath),
      outputDir,
      uploadOptions(settings),
    );
  }
  // The service refuses some characters in paths; such files go in under a cleaned path instead of failing the upload.
  const uniqueEntries = uniqueNames(entries);
  return withStagingDirectory(temporaryDirectory, async (directory) => {
    const staged: string[] = [];
    for (const [i, file] of files.entries()) {
      const target = path.join(directory, ...(uniqueEntries[i] ?? '').split('/'));
      await placeAt(file.absolutePath, target);
      staged.push(target);
      if (uniqueEntries[i] !== file.outputPath) {
        core.info(
          `artifact: ${untrustedText(file.outputPath)} is stored as ${untrustedText(uniqueEntries[i] ?? '')} (characters the artifact service refuses)`,
        );
      }
    }
    return uploader.uploadArtifact(settings.artifactName, staged, directory, uploadOptions(settings));
  });
}

async function uploadPerFile(
  files: readonly ConvertedFile[],
  settings: PublishSettings,
  env: RunnerEnvironment,
  uploader: ArtifactUploader,
  outcome: OutcomeDraft,
): Promise<void> {
  const names = uniqueNames(
    files.map((file) => perFileArtifactName(file.outputPath)),
    [settings.artifactName],
  );
  await withStagingDirectory(env.temporaryDirectory, async (directory) => {
    await forEachInParallel(files, PER_FILE_PARALLEL_UPLOADS, async (file, i) => {
      const name = names[i] as string;
      // With skipArchive the client names the artifact after the file, so the file is put in under that name.
      const staged = path.join(directory, String(i), name);
      try {
        await placeAt(file.absolutePath, staged);
        const response = await uploader.uploadArtifact(
          name,
          [staged],
          path.dirname(staged),
          uploadOptions(settings, { skipArchive: true }),
        );
        if (response.id === undefined) throw new Error('the artifact service returned no artifact id');
        const link = githubLink(artifactUrl(env, response.id), env);
        if (link) addFileLink(outcome, file.absolutePath, { artifact: link });
      } catch (error) {
        outcome.failures.push(
          `artifact: upload of ${file.workspacePath} as artifact '${name}' failed: ${reasonOf(error)}`,
        );
      }
    });
  });
}

/** Per-file artifacts for as many files as the job's artifact limit leaves room for; the others are noted. */
async function publishPerFile(
  files: readonly ConvertedFile[],
  settings: PublishSettings,
  env: RunnerEnvironment,
  uploader: ArtifactUploader,
  outcome: OutcomeDraft,
  maxArtifactsPerJob: number,
): Promise<void> {
  const room = Math.max(0, maxArtifactsPerJob - 1);
  const included = files.slice(0, room);
  const left = files.length - included.length;
  if (left > 0) {
    outcome.notices.push(
      `artifact: ${left} of ${files.length} files got no artifact of their own (GitHub allows ${maxArtifactsPerJob} artifacts per job, one of them the zipped artifact); they are in the zipped artifact '${settings.artifactName}'`,
    );
  }
  if (included.length === 0) return;
  const failuresBefore = outcome.failures.length;
  try {
    await uploadPerFile(included, settings, env, uploader, outcome);
  } catch (error) {
    // Staging (the temporary directory the files are linked into) failed; each upload records its own failure.
    outcome.failures.push(`artifact: per-file artifacts failed: ${reasonOf(error)}`);
    return;
  }
  const failed = outcome.failures.length - failuresBefore;
  core.info(`artifact: uploaded ${included.length - failed} of ${included.length} per-file artifacts`);
}

export async function publishArtifacts(
  files: readonly ConvertedFile[],
  outputDir: string,
  settings: PublishSettings,
  env: RunnerEnvironment,
  outcome: OutcomeDraft,
  uploader: ArtifactUploader = new DefaultArtifactClient(),
  maxArtifactsPerJob = MAX_ARTIFACTS_PER_JOB,
  attachments: readonly ConvertedFile[] = [],
): Promise<void> {
  if (!env.artifactServiceAvailable) {
    outcome.notices.push(
      'artifact: skipped, not running on a GitHub runner (no ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL)',
    );
    return;
  }
  if (files.length === 0 && attachments.length === 0) {
    outcome.notices.push('artifact: skipped, no converted files to upload');
    return;
  }
  try {
    const response = await uploadZipped(
      [...files, ...attachments],
      outputDir,
      settings,
      uploader,
      env.temporaryDirectory,
    );
    if (response.id === undefined) throw new Error('the artifact service returned no artifact id');
    outcome.artifactId = response.id;
    const link = githubLink(artifactUrl(env, response.id), env);
    if (link) outcome.artifactUrl = link;
    core.info(
      `artifact: uploaded ${settings.artifactName} (${files.length} files): ${link ?? 'see the run page'}`,
    );
  } catch (error) {
    // Not a failure of this run: the server has no artifact service v4 (every per-file upload would be refused too).
    if (error instanceof Error && error.name === 'GHESNotSupportedError') {
      outcome.notices.push(GHES_NOTICE);
      return;
    }
    outcome.failures.push(`artifact: upload of '${settings.artifactName}' failed: ${reasonOf(error)}`);
  }
  if (settings.artifactPerFile) {
    await publishPerFile(files, settings, env, uploader, outcome, maxArtifactsPerJob);
  }
}
