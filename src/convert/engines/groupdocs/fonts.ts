/**
 * The repository's fonts in the service's storage, for `fontsPath`. Every storage call is billed, so a set of fonts
 * is uploaded once into a folder named by its content and reused by every later run with the same set; that folder
 * is not part of the run's folder and outlives it.
 */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FontsSettings } from '../../../settings/engine.ts';
import type { GroupDocsClient } from './client.ts';

/** Where content-addressed font sets live in storage. */
export const FONTS_ROOT = 'convert-documents-action/fonts';

export interface StoredFont {
  localPath: string;
  /** Storage key inside the set's folder. */
  key: string;
}

export interface FontSet {
  /** `convert-documents-action/fonts/<sha256 of the set>` */
  folder: string;
  /** In upload order; the last one present in storage means the whole set is. */
  fonts: StoredFont[];
}

/** The set's folder and keys. The hash covers each file's name and content, so any change makes a new folder. */
export async function fontSetOf(fonts: FontsSettings): Promise<FontSet> {
  const digest = createHash('sha256');
  for (const relative of fonts.files) {
    digest.update(`${relative}\0${await sha256Of(path.join(fonts.directory, relative))}\n`);
  }
  const folder = `${FONTS_ROOT}/${digest.digest('hex')}`;
  return {
    folder,
    // One flat folder: subfolder names become part of the file name.
    fonts: fonts.files.map((relative) => ({
      localPath: path.join(fonts.directory, relative),
      key: `${folder}/${relative.replaceAll('/', '-')}`,
    })),
  };
}

/**
 * Uploads the set unless a previous run already did; returns the folder for `fontsPath`. Files go up one after
 * another in a fixed order, so finding the last one is proof that the earlier ones arrived: one billed check
 * instead of one per font.
 */
export async function uploadFontSetOnce(
  client: Pick<GroupDocsClient, 'fileExists' | 'uploadFile'>,
  set: FontSet,
  signal: AbortSignal,
): Promise<{ folder: string; uploaded: number }> {
  const last = set.fonts.at(-1);
  if (last === undefined || (await client.fileExists(last.key, signal))) {
    return { folder: set.folder, uploaded: 0 };
  }
  for (const font of set.fonts) await client.uploadFile(font.localPath, font.key, signal);
  return { folder: set.folder, uploaded: set.fonts.length };
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}
