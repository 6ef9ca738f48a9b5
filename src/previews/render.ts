/**
 * One document's page changes, from its base PDF and head PDF: every page up to the cap is rendered and
 * fingerprinted, the pages are aligned, and each aligned pair that is not identical is rendered again and
 * compared pixel by pixel. Only the images of the first changed, added and removed pages are written, as PNG.
 * Each changed page's text is read in the same pass and diffed word by word; an added or removed page keeps its
 * text's lines. PDFium runs in the document sandbox, which the signal stops.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodePng, type PageImage } from '../pdf/page-image.ts';
import type { DocumentSandbox, SandboxedPdf } from '../pdf/sandbox.ts';
import {
  type AlignedPages,
  alignPages,
  comparePixels,
  fingerprintOf,
  MAX_UNCHANGED_PIXELS,
  type PageChange,
  type PageFingerprint,
} from './page-diff.ts';
import { diffPageWords, type PageWordDiff, wordsOf } from './text-diff.ts';

/** Characters of a page's text read at most: a page of dense text has about 5,000. */
export const MAX_PAGE_TEXT_CHARS = 20_000;

/** What a change did to a page's text: a word diff for a changed page, the lines of an added or removed one. */
export type PageText = { kind: 'changed'; diff: PageWordDiff } | { kind: 'lines'; lines: string[] };

export interface RenderOptions {
  sandbox: DocumentSandbox;
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
  /** The text of each change, in the order of `changes`. */
  texts: PageText[];
  /** The first `maxPagesWithImages` changes, with their images. */
  images: PageImages[];
  basePages: number | undefined;
  headPages: number | undefined;
  /** True when a side had more pages than were compared. */
  truncated: boolean;
}

interface Side {
  pdf: SandboxedPdf | undefined;
  pageCount: number;
  fingerprints: PageFingerprint[];
}

/**
 * Opens a PDF and fingerprints its pages up to the cap. The page images are not kept: rendering a page again
 * costs a few milliseconds, far less than holding every page in memory or writing and reading it as PNG.
 */
async function fingerprintSide(pdfPath: string | undefined, options: RenderOptions): Promise<Side> {
  if (pdfPath === undefined) return { pdf: undefined, pageCount: 0, fingerprints: [] };
  const pdf = await options.sandbox.openPdf(pdfPath, options.signal);
  try {
    const fingerprints: PageFingerprint[] = [];
    const last = Math.min(pdf.pageCount, options.maxPages);
    for (let page = 1; page <= last; page++) {
      options.signal?.throwIfAborted();
      fingerprints.push(fingerprintOf(await pdf.renderPage(page, options.widthPx, options.signal)));
    }
    return { pdf, pageCount: pdf.pageCount, fingerprints };
  } catch (error) {
    await pdf.close().catch(() => {});
    throw error;
  }
}

/**
 * Compares the base and head PDFs of a document (either may be missing: a new or a deleted document) and
 * writes the images of the first changed pages into `directory`, which must belong to this document alone.
 */
export async function comparePdfPages(
  basePdf: string | undefined,
  headPdf: string | undefined,
  directory: string,
  options: RenderOptions,
): Promise<PageComparison> {
  const base = await fingerprintSide(basePdf, options);
  try {
    const head = await fingerprintSide(headPdf, options);
    try {
      return await compareSides(base, head, directory, options);
    } finally {
      await head.pdf?.close().catch(() => {});
    }
  } finally {
    await base.pdf?.close().catch(() => {});
  }
}

async function compareSides(
  base: Side,
  head: Side,
  directory: string,
  options: RenderOptions,
): Promise<PageComparison> {
  const truncated = {
    base: base.pageCount > base.fingerprints.length,
    head: head.pageCount > head.fingerprints.length,
  };
  const steps: AlignedPages[] = alignPages(base.fingerprints, head.fingerprints, truncated);
  const read = async (side: Side, page: number, withImage: boolean) => {
    const want = withImage
      ? { widthPx: options.widthPx, maxTextChars: MAX_PAGE_TEXT_CHARS }
      : { maxTextChars: MAX_PAGE_TEXT_CHARS };
    const { image, text } = await (side.pdf as SandboxedPdf).readPage(page, want, options.signal);
    return { image: image as PageImage, text: text ?? '' };
  };
  const save = async (name: string, image: PageImage) => {
    const file = path.join(directory, name);
    await writeFile(file, encodePng(image));
    return file;
  };

  const changes: PageChange[] = [];
  const texts: PageText[] = [];
  const images: PageImages[] = [];
  for (const step of steps) {
    options.signal?.throwIfAborted();
    const withImages = images.length < options.maxPagesWithImages;
    if (step.base !== undefined && step.head !== undefined) {
      const same =
        (base.fingerprints[step.base - 1] as PageFingerprint).exact ===
        (head.fingerprints[step.head - 1] as PageFingerprint).exact;
      if (same) continue;
      const before = await read(base, step.base, true);
      const after = await read(head, step.head, true);
      const compared = comparePixels(before.image, after.image);
      if (compared.changedPixels <= MAX_UNCHANGED_PIXELS) continue;
      const change: PageChange = { kind: 'changed', base: step.base, head: step.head };
      changes.push(change);
      texts.push({ kind: 'changed', diff: diffPageWords(before.text, after.text) });
      if (withImages) {
        images.push({
          change,
          before: await save(`base-${step.base}.png`, before.image),
          after: await save(`head-${step.head}.png`, after.image),
          diff: await save(`diff-${step.head}.png`, compared.diff),
        });
      }
    } else if (step.head !== undefined) {
      const change: PageChange = { kind: 'added', head: step.head };
      const page = await read(head, step.head, withImages);
      changes.push(change);
      texts.push({ kind: 'lines', lines: linesOf(page.text) });
      if (withImages) images.push({ change, after: await save(`head-${step.head}.png`, page.image) });
    } else if (step.base !== undefined) {
      const change: PageChange = { kind: 'removed', base: step.base };
      const page = await read(base, step.base, withImages);
      changes.push(change);
      texts.push({ kind: 'lines', lines: linesOf(page.text) });
      if (withImages) images.push({ change, before: await save(`base-${step.base}.png`, page.image) });
    }
  }
  return {
    changes,
    texts,
    images,
    basePages: base.pdf === undefined ? undefined : base.pageCount,
    headPages: head.pdf === undefined ? undefined : head.pageCount,
    truncated: truncated.base || truncated.head,
  };
}

/** A page's text as its non-empty lines, each with its words single-spaced (and secrets redacted). */
function linesOf(text: string): string[] {
  return text
    .split(/\r?\n|\r/)
    .map((line) => wordsOf(line).join(' '))
    .filter((line) => line !== '');
}
