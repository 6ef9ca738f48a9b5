/**
 * In `publish: commit` mode the committed outputs are a cache too: `<output-dir>/.convert-documents.json`,
 * committed with them, records which conversion made which files. A push that changed nothing then converts
 * nothing, and the outputs of a deleted source are removed — only the files this manifest says the action made.
 * The file is written deterministically (sorted, no timestamps), so an unchanged run commits nothing.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { openRegularFile, writeFileReplacing } from '../common/safe-files.ts';
import { isInsideDirectory, realLocation } from '../settings/index.ts';
import type { Settings } from '../settings/types.ts';
import { CACHE_FORMAT_VERSION } from './key.ts';
import { asCacheEntry, type CacheEntry } from './manifest.ts';
import type { PushedChanges } from './pushed-changes.ts';

export const COMMITTED_MANIFEST = '.convert-documents.json';

export interface CommittedConversion extends CacheEntry {
  /** The source, relative to the workspace, `/` separators. */
  source: string;
  sourceSha256: string;
  format: string;
  /** The conversion key (see key.ts): source hash, format, options fingerprint, service. */
  key: string;
  /** The outputs' folder relative to output-dir, `/` separators, '' for output-dir itself. */
  directory: string;
}

export function committedManifestPath(outputDir: string): string {
  return path.join(outputDir, COMMITTED_MANIFEST);
}

/** Larger than any manifest of 100,000 conversions: a bigger one is not read. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/**
 * The manifest as committed; an absent or unreadable one is empty (everything is converted), and so is one that is
 * not a regular file of its own (a link is not followed) or is larger than MAX_MANIFEST_BYTES.
 */
export async function readCommittedManifest(outputDir: string): Promise<CommittedConversion[]> {
  let parsed: unknown;
  try {
    const handle = await openRegularFile(committedManifestPath(outputDir));
    try {
      if ((await handle.stat()).size > MAX_MANIFEST_BYTES) return [];
      parsed = JSON.parse(await handle.readFile('utf8'));
    } finally {
      await handle.close();
    }
  } catch {
    return [];
  }
  const { version, conversions } = (parsed ?? {}) as { version?: unknown; conversions?: unknown };
  if (version !== CACHE_FORMAT_VERSION || !Array.isArray(conversions)) return [];
  return conversions.flatMap((value) => {
    const conversion = asCommittedConversion(value);
    return conversion ? [conversion] : [];
  });
}

function asCommittedConversion(value: unknown): CommittedConversion | undefined {
  const entry = asCacheEntry(value);
  const { source, sourceSha256, format, key, directory } = value as Record<string, unknown>;
  if (!entry || typeof source !== 'string' || typeof format !== 'string' || typeof key !== 'string') {
    return undefined;
  }
  if (typeof sourceSha256 !== 'string' || typeof directory !== 'string') return undefined;
  return { ...entry, source, sourceSha256, format, key, directory };
}

/**
 * The conversions whose committed outputs may be reused: none when it is not known what the checked-out commits
 * changed, or when they changed the manifest itself; else those whose source and outputs they left alone. A pull
 * request can commit a manifest entry keyed by its new source with an output of its own making, its hash recorded
 * to match; it cannot do so without changing the manifest in the commits it brings.
 */
export function trustedConversions(
  conversions: readonly CommittedConversion[],
  changes: PushedChanges,
  settings: Pick<Settings, 'workspace' | 'outputDir'>,
): { conversions: CommittedConversion[] } | { why: string } {
  if ('unknown' in changes) return { why: changes.unknown };
  const inRepository = (file: string) => path.relative(settings.workspace, file).split(path.sep).join('/');
  if (changes.paths.has(inRepository(committedManifestPath(settings.outputDir)))) {
    return { why: `the checked-out commits change ${COMMITTED_MANIFEST}` };
  }
  return {
    conversions: conversions.filter((conversion) => {
      const outputs = filesOf(settings.outputDir, conversion) ?? [];
      return (
        !changes.paths.has(conversion.source) &&
        !outputs.some((file) => changes.paths.has(inRepository(file)))
      );
    }),
  };
}

/** Absolute paths of a conversion's files, or undefined when any would lie outside output-dir. */
export function filesOf(outputDir: string, conversion: CommittedConversion): string[] | undefined {
  const realOutputDir = realLocation(outputDir);
  const files = conversion.outputs.map((output) =>
    path.resolve(outputDir, ...conversion.directory.split('/'), output.name),
  );
  const inside = (file: string) =>
    isInsideDirectory(outputDir, file) &&
    file !== path.resolve(outputDir) &&
    isInsideDirectory(realOutputDir, realLocation(file));
  return files.every(inside) ? files : undefined;
}

export async function writeCommittedManifest(
  outputDir: string,
  conversions: readonly CommittedConversion[],
): Promise<string> {
  const sorted = [...conversions].sort((a, b) =>
    a.source === b.source ? compare(a.format, b.format) : compare(a.source, b.source),
  );
  const file = committedManifestPath(outputDir);
  const body = {
    generator: 'convert-documents-action',
    version: CACHE_FORMAT_VERSION,
    conversions: sorted.map(({ source, sourceSha256, format, key, directory, stem, outputs }) => ({
      source,
      sourceSha256,
      format,
      key,
      directory,
      stem,
      outputs,
    })),
  };
  // Replaced, never written through: a pull request may have committed a link at this name.
  await writeFileReplacing(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}

/**
 * The conversions of the previous manifest that are over: their source is gone from the workspace, or this run
 * made that (source, format) again. Their files are deleted from disk (except any this run wrote, in `keep`) and
 * returned so the commit removes them too: a deleted document's outputs, a page that no longer exists.
 */
export async function removeOutputsOfPastConversions(
  previous: readonly CommittedConversion[],
  workspace: string,
  outputDir: string,
  current: readonly CommittedConversion[],
  keep: ReadonlySet<string>,
): Promise<{ removed: string[]; over: Set<CommittedConversion> }> {
  const removed: string[] = [];
  const over = new Set<CommittedConversion>();
  const remade = new Set(current.map(pairOf));
  for (const conversion of previous) {
    if (!remade.has(pairOf(conversion)) && existsSync(path.resolve(workspace, conversion.source))) continue;
    over.add(conversion);
    const files = filesOf(outputDir, conversion);
    if (!files) {
      core.warning(
        `Cache: the manifest lists outputs of ${JSON.stringify(conversion.source)} outside output-dir; left alone.`,
      );
      continue;
    }
    for (const file of files) {
      if (keep.has(file)) continue;
      await rm(file, { force: true });
      removed.push(file);
    }
  }
  return { removed, over };
}

function pairOf(conversion: Pick<CommittedConversion, 'source' | 'format'>): string {
  return `${conversion.source}\n${conversion.format}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
