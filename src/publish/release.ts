/**
 * The converted files as assets of a release (release-tag, else the release of a `release` event). An asset
 * of the same name is replaced: the new file is uploaded under a temporary name, then the old asset is deleted
 * and the new one renamed, so a failed upload leaves the old asset in place.
 *
 * Uploads are streamed from disk with @actions/http-client (stream-upload.ts): Octokit sends bodies through
 * fetch, which, measured on Node 24, holds about the whole file in memory while sending it; a stream through
 * http-client stays near 150 MB whatever the file size.
 */
import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { untrustedText } from '../common/untrusted-text.ts';
import type { GitHubClient } from '../github/client.ts';
import {
  CONTENTS_WRITE_HINT,
  hasNextPage,
  httpStatusOf,
  isPermissionDenied,
  reasonOf,
} from '../github/http-errors.ts';
import { githubLink } from '../github/links.ts';
import { sendStreamForJson } from '../github/stream-upload.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { PublishSettings } from '../settings/types.ts';
import type { ConvertedFile } from './files.ts';
import { releaseAssetName, uniqueNames } from './names.ts';
import { addFileLink, type OutcomeDraft, readyToWrite } from './outcome.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.webp': 'image/webp',
  '.epub': 'application/epub+zip',
  '.zip': 'application/zip',
  '.rtf': 'application/rtf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ppt': 'application/vnd.ms-powerpoint',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.odp': 'application/vnd.oasis.opendocument.presentation',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Pages of 100 assets read: GitHub allows 1000 assets per release. */
const MAX_ASSET_PAGES = 10;

interface Release {
  id: number;
  uploadUrl: string;
  htmlUrl: string;
  tag: string;
}

interface UploadedAsset {
  id: number;
  name: string;
  browser_download_url: string;
}

async function findRelease(
  octokit: GitHubClient,
  settings: PublishSettings,
  env: RunnerEnvironment,
): Promise<Release | string> {
  const where = { owner: env.repository.owner, repo: env.repository.repo };
  try {
    const { data } = settings.releaseTag
      ? await octokit.rest.repos.getReleaseByTag({ ...where, tag: settings.releaseTag })
      : env.release
        ? await octokit.rest.repos.getRelease({ ...where, release_id: env.release.id })
        : { data: undefined };
    if (!data) return 'no release-tag was given and the run was not started by a release event';
    return { id: data.id, uploadUrl: data.upload_url, htmlUrl: data.html_url, tag: data.tag_name };
  } catch (error) {
    if (httpStatusOf(error) === 404) {
      return settings.releaseTag
        ? `no published release has the tag ${settings.releaseTag} (a draft release cannot be found by its tag)`
        : `the release ${env.release?.tag ?? ''} of this event was not found`;
    }
    throw error;
  }
}

/**
 * The release's assets, at most GitHub's 1000 per release. A listing that goes on past that (an API paging for ever)
 * is cut with a warning: an asset beyond it is then not replaced, and an upload of the same name fails instead.
 */
async function listAssets(
  octokit: GitHubClient,
  where: { owner: string; repo: string },
  release: Release,
): Promise<{ id: number; name: string }[]> {
  const assets: { id: number; name: string }[] = [];
  let pagesRead = 0;
  for await (const page of octokit.paginate.iterator(octokit.rest.repos.listReleaseAssets, {
    ...where,
    release_id: release.id,
    per_page: 100,
  })) {
    assets.push(...page.data.map((asset) => ({ id: asset.id, name: asset.name })));
    if (++pagesRead >= MAX_ASSET_PAGES && hasNextPage(page.headers.link)) {
      core.warning(
        `release: ${release.tag} lists more than ${MAX_ASSET_PAGES * 100} assets (GitHub allows 1000 per release); ` +
          'read no further: an asset past them is not replaced, and an upload of the same name fails instead',
      );
      break;
    }
  }
  return assets;
}

/** `upload_url` is a URI template (`…/assets{?name,label}`); the name goes in its query. */
function uploadUrlFor(release: Release, name: string): string {
  return `${release.uploadUrl.replace(/\{[^}]*\}$/, '')}?name=${encodeURIComponent(name)}`;
}

/** Streams the file to the release; a file that cannot be opened or read fails this upload only. */
async function uploadAsset(
  token: string,
  release: Release,
  file: ConvertedFile,
  name: string,
  signal: AbortSignal | undefined,
): Promise<UploadedAsset> {
  const handle = await open(file.absolutePath);
  try {
    return (await sendStreamForJson(
      token,
      'POST',
      uploadUrlFor(release, name),
      handle.createReadStream(),
      {
        'content-type': contentTypeFor(file.absolutePath),
        'content-length': String(file.sizeBytes),
        accept: 'application/vnd.github+json',
      },
      signal,
    )) as UploadedAsset;
  } finally {
    await handle.close();
  }
}

/** A name no other asset has, made of the characters GitHub keeps as they are. */
function temporaryAssetName(name: string): string {
  return `uploading-${randomUUID().slice(0, 8)}-${name}`;
}

/** Deletes an asset; one already gone (another run replacing it too) is not an error. */
async function deleteAsset(octokit: GitHubClient, where: { owner: string; repo: string }, assetId: number) {
  try {
    await octokit.rest.repos.deleteReleaseAsset({ ...where, asset_id: assetId });
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
  }
}

/**
 * Uploads the file under a temporary name, then deletes the previous assets and renames the new one: until the
 * new file is there, the old one stays.
 */
async function replaceAsset(
  octokit: GitHubClient,
  where: { owner: string; repo: string },
  token: string,
  release: Release,
  file: ConvertedFile,
  name: string,
  previous: readonly { id: number; name: string }[],
  signal: AbortSignal | undefined,
): Promise<UploadedAsset> {
  const temporary = await uploadAsset(token, release, file, temporaryAssetName(name), signal);
  try {
    for (const asset of previous) {
      await deleteAsset(octokit, where, asset.id);
      core.info(`release: deleted the previous asset ${untrustedText(asset.name)}`);
    }
  } catch (error) {
    await deleteAsset(octokit, where, temporary.id).catch(() => undefined);
    throw error;
  }
  try {
    const { data } = await octokit.rest.repos.updateReleaseAsset({ ...where, asset_id: temporary.id, name });
    return data;
  } catch (error) {
    throw new Error(
      `the new file is uploaded as ${temporary.name} but could not be renamed: ${reasonOf(error)}`,
    );
  }
}

export async function publishRelease(
  files: readonly ConvertedFile[],
  settings: PublishSettings,
  env: RunnerEnvironment,
  maybeOctokit: GitHubClient | undefined,
  outcome: OutcomeDraft,
  /** Publishing's deadline: stops a streamed upload. */
  signal?: AbortSignal,
): Promise<void> {
  const octokit = readyToWrite('release', files, maybeOctokit, env, outcome);
  if (!octokit) return;
  const where = { owner: env.repository.owner, repo: env.repository.repo };
  try {
    const release = await findRelease(octokit, settings, env);
    if (typeof release === 'string') {
      outcome.failures.push(`release: ${release}`);
      return;
    }
    const releaseUrl = githubLink(release.htmlUrl, env);
    if (releaseUrl) outcome.releaseUrl = releaseUrl;
    const assets = await listAssets(octokit, where, release);
    const names = uniqueNames(files.map((file) => releaseAssetName(file.outputPath)));
    let uploaded = 0;
    for (const [i, file] of files.entries()) {
      const name = names[i] as string;
      try {
        const previous = assets.filter((a) => a.name.toLowerCase() === name.toLowerCase());
        const asset =
          previous.length === 0
            ? await uploadAsset(settings.githubToken, release, file, name, signal)
            : await replaceAsset(octokit, where, settings.githubToken, release, file, name, previous, signal);
        const download = githubLink(asset.browser_download_url, env);
        if (download) addFileLink(outcome, file.absolutePath, { release: download });
        uploaded++;
      } catch (error) {
        if (isPermissionDenied(error)) throw error;
        outcome.failures.push(
          `release: upload of ${untrustedText(file.workspacePath)} as ${name} failed: ${reasonOf(error)}`,
        );
      }
    }
    core.info(
      `release: uploaded ${uploaded} of ${files.length} files to ${untrustedText(release.tag)}: ${releaseUrl ?? 'its page'}`,
    );
  } catch (error) {
    outcome.failures.push(
      isPermissionDenied(error)
        ? `release: ${CONTENTS_WRITE_HINT} (${reasonOf(error)})`
        : `release: failed: ${reasonOf(error)}`,
    );
  }
}
