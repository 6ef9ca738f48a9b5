/**
 * One document's page changes, from its base PDF and head PDF: every page up to the cap is rendered and
 * fingerprinted, the pages are aligned, and each aligned pair that is not identical is rendered again and
 * compared pixel by pixel. Only the images of the first changed, added and removed pages are written, as PNG.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodePng, type OpenPdf, openPdf, type PageImage } from '../pdf/pages.ts';
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

interface Side {
  pdf: OpenPdf | undefined;
  pageCount: number;
  fingerprints: PageFingerprint[];
}

/**
 * Opens a PDF and fingerprints its pages up to the cap. The page images are not kept: rendering a page again
 * costs a few milliseconds, far less than holding every page in memory or writing and reading it as PNG.
 */
async function fingerprintSide(pdfPath: string | undefined, options: RenderOptions): Promise<Side> {
  if (pdfPath === undefined) return { pdf: undefined, pageCount: 0, fingerprints: [] };
  const pdf = await openPdf(pdfPath);
  try {
    const fingerprints: PageFingerprint[] = [];
    const last = Math.min(pdf.pageCount, options.maxPages);
    for (let page = 1; page <= last; page++) {
      options.signal?.throwIfAborted();
      fingerprints.push(fingerprintOf(await pdf.renderPage(page, options.widthPx)));
    }
    return { pdf, pageCount: pdf.pageCount, fingerprints };
  } catch (error) {
    pdf.close();
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
      head.pdf?.close();
    }
  } finally {
    base.pdf?.close();
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
  const render = (side: Side, page: number) => (side.pdf as OpenPdf).renderPage(page, options.widthPx);
  const save = async (name: string, image: PageImage) => {
    const file = path.join(directory, name);
    await writeFile(file, encodePng(image));
    return file;
  };

  const changes: PageChange[] = [];
  const images: PageImages[] = [];
  for (const step of steps) {
    options.signal?.throwIfAborted();
    const withImages = images.length < options.maxPagesWithImages;
    if (step.base !== undefined && step.head !== undefined) {
      const same =
        (base.fingerprints[step.base - 1] as PageFingerprint).exact ===
        (head.fingerprints[step.head - 1] as PageFingerprint).exact;
      if (same) continue;
      const before = await render(base, step.base);
      const after = await render(head, step.head);
      const compared = comparePixels(before, after);
      if (compared.changedPixels <= MAX_UNCHANGED_PIXELS) continue;
      const change: PageChange = { kind: 'changed', base: step.base, head: step.head };
      changes.push(change);
      if (withImages) {
        images.push({
          change,
          before: await save(`base-${step.base}.png`, before),
          after: await save(`head-${step.head}.png`, after),
          diff: await save(`diff-${step.head}.png`, compared.diff),
        });
      }
    } else if (step.head !== undefined) {
      const change: PageChange = { kind: 'added', head: step.head };
      changes.push(change);
      if (withImages)
        images.push({ change, after: await save(`head-${step.head}.png`, await render(head, step.head)) });
    } else if (step.base !== undefined) {
      const change: PageChange = { kind: 'removed', base: step.base };
      changes.push(change);
      if (withImages)
        images.push({ change, before: await save(`base-${step.base}.png`, await render(base, step.base)) });
    }
  }
  return {
    changes,
    images,
    basePages: base.pdf === undefined ? undefined : base.pageCount,
    headPages: head.pdf === undefined ? undefined : head.pageCount,
    truncated: truncated.base || truncated.head,
  };
}
