/**
 * Which pages of a document changed: pages are first aligned (a sequence alignment by image similarity, so one
 * inserted page is one insertion and not every later page changed), then each aligned pair is compared pixel by
 * pixel with pixelmatch, which ignores anti-aliasing noise. Pure functions over page images.
 */
import { createHash } from 'node:crypto';
import pixelmatch from 'pixelmatch';
import type { PageImage } from '../pdf/page-image.ts';

/** A cheap summary of a page: an exact hash, and a small grayscale thumbnail for similarity. */
export interface PageFingerprint {
  width: number;
  height: number;
  /** sha1 of the RGBA bytes and size: equal hashes mean identical renderings. */
  exact: string;
  /** Grayscale cell averages, THUMB_COLUMNS wide, rows by the page's aspect; 0 = black, 255 = white. */
  thumb: Uint8Array;
}

export type PageChange =
  | { kind: 'changed'; base: number; head: number }
  | { kind: 'added'; head: number }
  | { kind: 'removed'; base: number };

/** One step of an alignment: a base page matched with a head page, or a page on one side only. 1-based. */
export type AlignedPages =
  | { base: number; head: number }
  | { base: number; head?: undefined }
  | { base?: undefined; head: number };

/** About a glyph per cell at the default width: fine enough to tell two pages of text apart. */
const THUMB_COLUMNS = 96;
const MAX_THUMB_ROWS = 256;
/**
 * The cost of leaving a page unmatched. Matching two pages costs their distance (0–1), so a pair is aligned
 * whenever that is cheaper than one deletion plus one insertion — any pair but two pages with nothing alike.
 */
const GAP_COST = 0.5;
/** pixelmatch's per-pixel colour tolerance (0–1); 0.1 is its default and absorbs rendering noise. */
const PIXEL_THRESHOLD = 0.1;
/** A pair of pages with at most this many differing pixels (after anti-aliasing is discounted) is unchanged. */
export const MAX_UNCHANGED_PIXELS = 4;

export function fingerprintOf(image: Pick<PageImage, 'width' | 'height' | 'rgba'>): PageFingerprint {
  const { width, height, rgba } = image;
  const exact = createHash('sha1').update(`${width}x${height}\0`).update(rgba).digest('hex');
  const columns = THUMB_COLUMNS;
  const rows = Math.max(
    1,
    Math.min(MAX_THUMB_ROWS, Math.round((THUMB_COLUMNS * height) / Math.max(1, width))),
  );
  const sums = new Float64Array(columns * rows);
  const counts = new Uint32Array(columns * rows);
  for (let y = 0; y < height; y++) {
    const row = Math.min(rows - 1, Math.floor((y * rows) / height)) * columns;
    for (let x = 0; x < width; x++) {
      const cell = row + Math.min(columns - 1, Math.floor((x * columns) / width));
      const at = (y * width + x) * 4;
      const alpha = (rgba[at + 3] ?? 255) / 255;
      // Composited on white, as the page is shown.
      const gray = 0.299 * (rgba[at] ?? 255) + 0.587 * (rgba[at + 1] ?? 255) + 0.114 * (rgba[at + 2] ?? 255);
      sums[cell] = (sums[cell] ?? 0) + gray * alpha + 255 * (1 - alpha);
      counts[cell] = (counts[cell] ?? 0) + 1;
    }
  }
  const thumb = new Uint8Array(columns * rows);
  for (let i = 0; i < thumb.length; i++) thumb[i] = Math.round((sums[i] ?? 0) / Math.max(1, counts[i] ?? 0));
  return { width, height, exact, thumb };
}

/**
 * How unlike two pages look, 0 (identical) to 1 (nothing in common): the thumbnails' absolute difference
 * relative to the ink on both, so two different text pages are far apart even though both are mostly white.
 */
export function pageDistance(a: PageFingerprint, b: PageFingerprint): number {
  if (a.exact === b.exact) return 0;
  const cells = Math.min(a.thumb.length, b.thumb.length);
  let difference = 0;
  let ink = 0;
  for (let i = 0; i < cells; i++) {
    const left = a.thumb[i] ?? 255;
    const right = b.thumb[i] ?? 255;
    difference += Math.abs(left - right);
    ink += 255 - left + (255 - right);
  }
  const sizeChanged = a.width !== b.width || a.height !== b.height ? 0.25 : 0;
  // Pages that differ only below the thumbnail's resolution are still not equal.
  return Math.min(1, Math.max(0.001, sizeChanged + (ink === 0 ? 0 : difference / ink)));
}

/**
 * The cheapest alignment of the base's pages with the head's (edit distance: matching costs the pages'
 * distance, leaving a page out costs GAP_COST), in order. When a side was cut at the page cap, pages left
 * unmatched at its end are dropped from the result: their partners lie beyond the cap, not outside the document.
 */
export function alignPages(
  base: readonly PageFingerprint[],
  head: readonly PageFingerprint[],
  truncated: { base: boolean; head: boolean } = { base: false, head: false },
): AlignedPages[] {
  const m = base.length;
  const n = head.length;
  const width = n + 1;
  const cost = new Float64Array((m + 1) * width);
  for (let i = 0; i <= m; i++) cost[i * width] = i * GAP_COST;
  for (let j = 0; j <= n; j++) cost[j] = j * GAP_COST;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const match =
        (cost[(i - 1) * width + j - 1] ?? 0) +
        pageDistance(base[i - 1] as PageFingerprint, head[j - 1] as PageFingerprint);
      const removed = (cost[(i - 1) * width + j] ?? 0) + GAP_COST;
      const added = (cost[i * width + j - 1] ?? 0) + GAP_COST;
      cost[i * width + j] = Math.min(match, removed, added);
    }
  }
  const steps: AlignedPages[] = [];
  let i = m;
  let j = n;
  while (i > 0 || j > 0) {
    const here = cost[i * width + j] ?? 0;
    if (
      i > 0 &&
      j > 0 &&
      Math.abs(
        here -
          ((cost[(i - 1) * width + j - 1] ?? 0) +
            pageDistance(base[i - 1] as PageFingerprint, head[j - 1] as PageFingerprint)),
      ) < 1e-9
    ) {
      steps.push({ base: i, head: j });
      i--;
      j--;
    } else if (i > 0 && Math.abs(here - ((cost[(i - 1) * width + j] ?? 0) + GAP_COST)) < 1e-9) {
      steps.push({ base: i });
      i--;
    } else {
      steps.push({ head: j });
      j--;
    }
  }
  steps.reverse();
  const lastPair = steps.findLastIndex((step) => step.base !== undefined && step.head !== undefined);
  return steps.filter(
    (step, index) =>
      index <= lastPair ||
      !((step.head === undefined && truncated.head) || (step.base === undefined && truncated.base)),
  );
}

export interface PixelComparison {
  /** Pixels that differ beyond the colour tolerance and are not anti-aliasing. */
  changedPixels: number;
  /** The difference: changed pixels in red over a faded copy of the base page, the larger of the two sizes. */
  diff: PageImage;
}

/** Compares two page images pixel by pixel; pages of different sizes are compared on white, top-left aligned. */
export function comparePixels(base: PageImage, head: PageImage): PixelComparison {
  const width = Math.max(base.width, head.width);
  const height = Math.max(base.height, head.height);
  const before = onCanvas(base, width, height);
  const after = onCanvas(head, width, height);
  const output = new Uint8Array(width * height * 4);
  const changedPixels = pixelmatch(before, after, output, width, height, {
    threshold: PIXEL_THRESHOLD,
    includeAA: false,
    alpha: 0.2,
  });
  return { changedPixels, diff: { pageNumber: head.pageNumber, width, height, rgba: output } };
}

/** The image on a white canvas of the given size (the image itself when the size already fits). */
function onCanvas(image: PageImage, width: number, height: number): Uint8Array {
  if (image.width === width && image.height === height) return image.rgba;
  const canvas = new Uint8Array(width * height * 4).fill(255);
  for (let y = 0; y < image.height; y++) {
    canvas.set(image.rgba.subarray(y * image.width * 4, (y + 1) * image.width * 4), y * width * 4);
  }
  return canvas;
}

/** "pages 3 and 7 changed, page 5 added, page 9 removed" (changed and added by head page, removed by base page). */
export function describeChanges(changes: readonly PageChange[]): string {
  const changed = changes.flatMap((c) => (c.kind === 'changed' ? [c.head] : []));
  const added = changes.flatMap((c) => (c.kind === 'added' ? [c.head] : []));
  const removed = changes.flatMap((c) => (c.kind === 'removed' ? [c.base] : []));
  const parts: string[] = [];
  if (changed.length > 0) parts.push(`${pageList(changed)} changed`);
  if (added.length > 0) parts.push(`${pageList(added)} added`);
  if (removed.length > 0) parts.push(`${pageList(removed)} removed`);
  return parts.length === 0 ? 'no page changed' : parts.join(', ');
}

/** "page 4", "pages 3 and 7", "pages 2, 5 and 9", runs shortened: "pages 3–6 and 9". */
function pageList(numbers: readonly number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let end = i;
    while (end + 1 < sorted.length && (sorted[end + 1] as number) === (sorted[end] as number) + 1) end++;
    runs.push(end - i >= 2 ? `${sorted[i]}–${sorted[end]}` : sorted.slice(i, end + 1).join(', '));
    i = end + 1;
  }
  const flat = runs.join(', ').split(', ');
  const text = flat.length === 1 ? flat[0] : `${flat.slice(0, -1).join(', ')} and ${flat[flat.length - 1]}`;
  return `${sorted.length === 1 ? 'page' : 'pages'} ${text}`;
}
