/**
 * The previews as one Markdown section, within a character budget: per document its page-change line, then
 * before | after | difference images of the first changed pages inline and the rest in a collapsed
 * <details>. A document whose images do not fit keeps its line; documents that do not fit at all are counted.
 */
import { escapeMarkdown } from '../common/markdown.ts';
import type { DocumentPreview, PreviewImageLinks, PreviewReport } from './build-previews.ts';
import { describeChanges, type PageChange } from './page-diff.ts';

/** Changed pages shown with images before the rest are folded away. */
const INLINE_PAGES = 3;
/** Displayed width of each image; the file itself is preview-width wide (a click opens it). */
const SHOWN_WIDTH_PX = 260;

export function renderPreviewSection(report: PreviewReport, maxLength: number): string {
  const head = ['### Page previews'];
  if (report.imagesWarning)
    head.push(`> ⚠️ ${escapeMarkdown(report.imagesWarning)}; the page changes are listed as text.`);
  else if (report.imagesNote)
    head.push(`> ℹ️ ${escapeMarkdown(report.imagesNote)}; the page changes are listed as text.`);
  if (report.documents.length === 0)
    head.push('No changed document with a PDF preview in this pull request.');
  const blocks = [...head];
  let length = blocks.join('\n\n').length;
  let omitted = report.omittedDocuments;
  const reserve = 120;
  for (const [index, document] of report.documents.entries()) {
    const full = renderDocument(document, true);
    const textOnly = renderDocument(document, false);
    const remaining = maxLength - length - reserve;
    const block =
      full.length + 2 <= remaining ? full : textOnly.length + 2 <= remaining ? textOnly : undefined;
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

function renderDocument(document: DocumentPreview, withImages: boolean): string {
  const line = changeLine(document);
  if (!withImages || document.images.length === 0) return line;
  const inline = document.images.slice(0, INLINE_PAGES);
  const folded = document.images.slice(INLINE_PAGES);
  const parts = [line, imageTable(inline)];
  if (folded.length > 0) {
    parts.push(
      `<details><summary>${folded.length} more page(s) with images</summary>\n\n${imageTable(folded)}\n\n</details>`,
    );
  }
  const unshown = document.changes.length - document.images.length;
  if (unshown > 0) parts.push(`${unshown} more changed page(s) are listed above without images.`);
  return parts.join('\n\n');
}

function imageTable(rows: readonly PreviewImageLinks[]): string {
  const lines = ['| Page | Before | After | Difference |', '| --- | --- | --- | --- |'];
  for (const row of rows) {
    lines.push(
      `| ${pageLabel(row.change)} | ${image(row.before, 'before')} | ${image(row.after, 'after')} | ${image(row.diff, 'difference')} |`,
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
function image(url: string | undefined, what: string): string {
  if (url === undefined) return '—';
  return `<a href="${url}"><img src="${url}" width="${SHOWN_WIDTH_PX}" alt="${what}"></a>`;
}
