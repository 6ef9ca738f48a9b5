/**
 * The previews as one Markdown section, within a character budget: per document its page-change line, what
 * changed in the text of each changed page (a word diff; the first lines of an added or removed page) and in a
 * workbook's cells, then before | after | difference images of the first changed pages inline and the rest in a
 * collapsed <details>. The text comes before the images, and each image's alt text says what changed on its page.
 * A document's text and images shrink to fit its share of the budget; documents that do not fit at all are
 * counted, and the file with every change (changes-file.ts) is named.
 */
import path from 'node:path';
import { escapeMarkdown, markdownLink } from '../common/markdown.ts';
import { describeChanges, type PageChange } from './page-diff.ts';
import { COMMENT_DETAIL, cellTable, pageName, pageTextItem, textSummary } from './text-markdown.ts';
import type { DocumentPreview, PreviewImageLinks, PreviewReport } from './types.ts';

/** Changed pages shown with images before the rest are folded away. */
const INLINE_PAGES = 3;
/** Displayed width of each image; the file itself is preview-width wide (a click opens it). */
const SHOWN_WIDTH_PX = 260;
/** Characters of one page's text change in the comment. */
const MAX_PAGE_TEXT = 600;
/** Characters of one document's text and cell changes in the comment, whatever its share of the budget. */
const MAX_DOCUMENT_TEXT = 12_000;
const MIN_DOCUMENT_TEXT = 400;

/**
 * `changesFile`: how to reach the file with every text and cell change (a Markdown link or a path), when the
 * report has one.
 */
export function renderPreviewSection(report: PreviewReport, maxLength: number, changesFile?: string): string {
  const head = ['### Page previews'];
  if (report.imagesWarning)
    head.push(`> ⚠️ ${escapeMarkdown(report.imagesWarning)}; the page changes are listed as text.`);
  else if (report.imagesNote)
    head.push(`> ℹ️ ${escapeMarkdown(report.imagesNote)}; the page changes are listed as text.`);
  if (report.documents.length === 0)
    head.push('No changed document with a PDF preview in this pull request.');
  if (report.changesFile !== undefined && changesFile !== undefined)
    head.push(`Every text and cell change: ${changesFile}.`);
  const blocks = [...head];
  let length = blocks.join('\n\n').length;
  let omitted = report.omittedDocuments;
  const reserve = 120;
  for (const [index, document] of report.documents.entries()) {
    const remaining = maxLength - length - reserve;
    const share = Math.floor(remaining / (report.documents.length - index));
    const textBudget = Math.min(MAX_DOCUMENT_TEXT, Math.max(MIN_DOCUMENT_TEXT, share - 1000));
    const candidates = [
      () => renderDocument(document, textBudget, true),
      () => renderDocument(document, textBudget, false),
      () => renderDocument(document, MIN_DOCUMENT_TEXT, false),
      () => changeLine(document),
    ];
    let block: string | undefined;
    for (const candidate of candidates) {
      const made = candidate();
      if (made.length + 2 <= remaining) {
        block = made;
        break;
      }
    }
    if (block === undefined) {
      omitted += report.documents.length - index;
      break;
    }
    blocks.push(block);
    length += block.length + 2;
  }
  if (omitted > 0) blocks.push(`…and ${omitted} more changed document(s) without a preview here.`);
  return blocks.join('\n\n');
}

/**
 * Where the file with every text and cell change is: a link to the run's artifact when one was published,
 * else its name in output-dir.
 */
export function changesFileMention(
  report: PreviewReport,
  published: { artifactUrl?: string | undefined },
): string | undefined {
  if (report.changesFile === undefined) return undefined;
  const name = path.basename(report.changesFile);
  return published.artifactUrl === undefined
    ? `${escapeMarkdown(name)} in output-dir (publish an artifact to have it linked here)`
    : `${markdownLink(name, published.artifactUrl)} in the run's artifact`;
}

/** `**docs/a.docx** — pages 3 and 7 changed, page 5 added (12 → 13 pages)` */
export function changeLine(document: DocumentPreview): string {
  const name = `**${escapeMarkdown(document.path)}**`;
  switch (document.state) {
    case 'removed':
      return `${name} — deleted in this pull request`;
    case 'failed':
      return `${name} — no preview: ${escapeMarkdown(document.error ?? 'unknown reason')}`;
    case 'added':
      return `${name} — new document, ${pages(document.headPages)}${truncation(document)}`;
    default: {
      const counts =
        document.basePages === document.headPages
          ? pages(document.headPages)
          : `${pages(document.basePages)} → ${pages(document.headPages)}`;
      return `${name} — ${describeChanges(document.changes)} (${counts}${truncation(document)})`;
    }
  }
}

function pages(count: number | undefined): string {
  return count === 1 ? '1 page' : `${count ?? 0} pages`;
}

function truncation(document: DocumentPreview): string {
  return document.truncated ? '; only the first pages were compared' : '';
}

function renderDocument(document: DocumentPreview, textBudget: number, withImages: boolean): string {
  const parts = [changeLine(document)];
  const text = textChanges(document, textBudget);
  if (text !== '') parts.push(text);
  if (!withImages || document.images.length === 0) return parts.join('\n\n');
  const altOf = altTexts(document);
  const inline = document.images.slice(0, INLINE_PAGES);
  const folded = document.images.slice(INLINE_PAGES);
  parts.push(imageTable(inline, altOf));
  if (folded.length > 0) {
    parts.push(
      `<details><summary>${folded.length} more page(s) with images</summary>\n\n${imageTable(folded, altOf)}\n\n</details>`,
    );
  }
  const unshown = document.changes.length - document.images.length;
  if (unshown > 0) parts.push(`${unshown} more changed page(s) are listed above without images.`);
  return parts.join('\n\n');
}

/**
 * The document's text changes, page by page in a list, then its cell table, within `budget` characters; pages
 * that do not fit are counted.
 */
function textChanges(document: DocumentPreview, budget: number): string {
  const parts: string[] = [];
  let used = 0;
  const noteRoom = 100;
  const items: string[] = [];
  const cellsFirst = document.cells !== undefined;
  // A workbook's cells say more than its pages' words: the table gets half of the budget first.
  const tableBudget = cellsFirst ? Math.floor(budget / 2) : 0;
  if (document.cells) {
    const table = cellTable(document.cells, tableBudget, COMMENT_DETAIL);
    parts.push(table);
    used += table.length + 2;
  } else if (document.cellsError) {
    const note = `Cells not compared: ${escapeMarkdown(document.cellsError)}`.slice(0, 300);
    parts.push(note);
    used += note.length + 2;
  }
  let left = 0;
  for (const [index, change] of document.changes.entries()) {
    const text = document.texts[index];
    if (text === undefined) continue;
    const room = budget - used - noteRoom;
    const item = pageTextItem(change, text, Math.min(MAX_PAGE_TEXT, room), COMMENT_DETAIL);
    if (room < 80 || item.length > room) {
      left = document.texts.length - index;
      break;
    }
    items.push(item);
    used += item.length + 1;
  }
  if (left > 0) items.push(`- …and ${left} more page(s): every change is in the file named above.`);
  if (items.length > 0) parts.unshift(items.join('\n'));
  return parts.join('\n\n');
}

/** Alt text per change: "page 3: 2 words changed, 1 added". */
function altTexts(document: DocumentPreview): Map<PageChange, string> {
  const alts = new Map<PageChange, string>();
  for (const [index, change] of document.changes.entries()) {
    alts.set(change, `${pageName(change)}: ${textSummary(change, document.texts[index])}`);
  }
  return alts;
}

function imageTable(rows: readonly PreviewImageLinks[], altOf: Map<PageChange, string>): string {
  const lines = ['| Page | Before | After | Difference |', '| --- | --- | --- | --- |'];
  for (const row of rows) {
    const alt = altOf.get(row.change) ?? pageName(row.change);
    lines.push(
      `| ${pageLabel(row.change)} | ${image(row.before, `${alt} (before)`)} | ${image(row.after, `${alt} (after)`)} | ${image(row.diff, `${alt} (difference)`)} |`,
    );
  }
  return lines.join('\n');
}

function pageLabel(change: PageChange): string {
  if (change.kind === 'added') return `${change.head} (added)`;
  if (change.kind === 'removed') return `${change.base} (removed)`;
  return change.base === change.head ? String(change.head) : `${change.head} (was ${change.base})`;
}

/** An image that opens full size when clicked; the URL is built by hosting.ts, already encoded. */
function image(url: string | undefined, alt: string): string {
  if (url === undefined) return '—';
  // The alt text is the action's own words and numbers; quotes and angle brackets are still kept out.
  const safeAlt = alt.replace(/["<>&|]/g, ' ');
  return `<a href="${url}"><img src="${url}" width="${SHOWN_WIDTH_PX}" alt="${safeAlt}"></a>`;
}
