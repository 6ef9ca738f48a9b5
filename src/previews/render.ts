/**
 * One document's page changes, from its base PDF and head PDF: every page up to the cap is rendered once to a
 * PNG file (and a fingerprint kept in memory), the pages are aligned, and each aligned pair that is not
 * identical is compared pixel by pixel. Only the images of changed, added and removed pages are kept.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodePng, encodePng, openPdf } from '../render/pdf-pages.ts';
import {
  type AlignedPages,
  alignPages,
  comparePixels,
  fingerprintOf,
  MAX_UNCHANGED_PIXELS,
  type PageChange,
  type PageFingerprint,
} from './page-diff.ts';

export interface RenderOptions {
  widthPx: number;
  /** Pages compared per document, from the first. */
  maxPages: number;
  /** Pages of one document that keep their images (the rest are listed as text). */
  maxPagesWithImages: number;
  signal?: AbortSignal;
}

/** Local PNG files of one changed page; which are set depends on the change. */
export interface PageImages {
  change: PageChange;
  before?: string;
  after?: string;
  diff?: string;
}

export interface PageComparison {
  changes: PageChange[];
  /** The first `maxPagesWithImages` changes, with their images. */
  images: PageImages[];
  basePages: number | undefined;
  headPages: number | undefined;
  /** True when a side had more pages than were compared. */
  truncated: boolean;
}

interface RenderedSide {
  pageCount: number;
  files: string[];
  fingerprints: PageFingerprint[];
}

async function renderSide(
  pdfPath: string,
  directory: string,
  side: 'base' | 'head',
  options: RenderOptions,
): Promise<RenderedSide> {
  const pdf = await openPdf(pdfPath);
  try {
    const last = Math.min(pdf.pageCount, options.maxPages);
    const files: string[] = [];
    const fingerprints: PageFingerprint[] = [];
    for (let page = 1; page <= last; page++) {
      options.signal?.throwIfAborted();
      const image = await pdf.renderPage(page, options.widthPx);
      fingerprints.push(fingerprintOf(image));
      const file = path.join(directory, `${side}-${page}.png`);
      await writeFile(file, encodePng(image));
      files.push(file);
    }
    return { pageCount: pdf.pageCount, files, fingerprints };
  } finally {
    pdf.close();
  }
}

/**
 * Compares the base and head PDFs of a document (either may be missing: a new or a deleted document) and
 * writes the kept images into `directory`, which must be empty and belong to this document alone.
 */
export async function comparePdfPages(
  basePdf: string | undefined,
  headPdf: string | undefined,
  directory: string,
  options: RenderOptions,
): Promise<PageComparison> {
  const empty: RenderedSide = { pageCount: 0, files: [], fingerprints: [] };
  const base = basePdf === undefined ? empty : await renderSide(basePdf, directory, 'base', options);
  const head = headPdf === undefined ? empty : await renderSide(headPdf, directory, 'head', options);
  const truncated = { base: base.pageCount > base.files.length, head: head.pageCount > head.files.length };
  const steps: AlignedPages[] = alignPages(base.fingerprints, head.fingerprints, truncated);

  const changes: PageChange[] = [];
  const images: PageImages[] = [];
  const keep = new Set<string>();
  for (const step of steps) {
    options.signal?.throwIfAborted();
    const before = step.base === undefined ? undefined : (base.files[step.base - 1] as string);
    const after = step.head === undefined ? undefined : (head.files[step.head - 1] as string);
    let change: PageChange;
    let diff: string | undefined;
    if (step.base !== undefined && step.head !== undefined) {
      const same =
        (base.fingerprints[step.base - 1] as PageFingerprint).exact ===
        (head.fingerprints[step.head - 1] as PageFingerprint).exact;
      if (same) continue;
      const compared = comparePixels(
        decodePng(await readFile(before as string)),
        decodePng(await readFile(after as string)),
      );
      if (compared.changedPixels <= MAX_UNCHANGED_PIXELS) continue;
      change = { kind: 'changed', base: step.base, head: step.head };
      if (images.length < options.maxPagesWithImages) {
        diff = path.join(directory, `diff-${step.head}.png`);
        await writeFile(diff, encodePng(compared.diff));
      }
    } else if (step.head !== undefined) {
      change = { kind: 'added', head: step.head };
    } else {
      change = { kind: 'removed', base: step.base as number };
    }
    changes.push(change);
    if (images.length < options.maxPagesWithImages) {
      const kept: PageImages = { change };
      if (before) kept.before = before;
      if (after) kept.after = after;
      if (diff) kept.diff = diff;
      for (const file of [before, after, diff]) if (file) keep.add(file);
      images.push(kept);
    }
  }
  await Promise.all(
    [...base.files, ...head.files].filter((file) => !keep.has(file)).map((file) => rm(file, { force: true })),
  );
  return {
    changes,
    images,
    basePages: basePdf === undefined ? undefined : base.pageCount,
    headPages: headPdf === undefined ? undefined : head.pageCount,
    truncated: truncated.base || truncated.head,
  };
}
