/**
 * Text and cell changes as Markdown: a page's word diff as one line (deleted words struck through, inserted ones
 * in bold, a few words of context, long unchanged runs collapsed), the first lines of an added or removed page,
 * and a workbook's changed cells as a table. Every piece of document text goes through `documentText` (the
 * project's one sanitiser, then Markdown escaping), so a document cannot add markup, a mention, a link or a
 * workflow command. Each function takes a character budget and never exceeds it.
 */
import { escapeMarkdown } from '../common/markdown.ts';
import { untrustedText } from '../common/untrusted-text.ts';
import type { CellContent } from '../pdf/workbook-cells.ts';
import { cellReference, type WorkbookDiff } from './cell-diff.ts';
import type { PageChange } from './page-diff.ts';
import type { PageText } from './render.ts';
import { describeCounts, type WordRun } from './text-diff.ts';

/** How much of the text a rendering shows: the comment shows less than the full-diff file. */
export interface TextDetail {
  /** Unchanged words kept on each side of a change. */
  context: number;
  /** Characters of one word (longer ones are cut). */
  maxWordChars: number;
  /** Lines of an added or removed page. */
  maxLines: number;
  /** Characters of one value or formula in a cell table. */
  maxCellChars: number;
}

export const COMMENT_DETAIL: TextDetail = { context: 4, maxWordChars: 40, maxLines: 3, maxCellChars: 60 };
export const FILE_DETAIL: TextDetail = {
  context: 8,
  maxWordChars: 300,
  maxLines: 1_000,
  maxCellChars: 1_000,
};

/** Document text made inert for Markdown: secrets redacted, controls encoded, then every markup character escaped. */
export function documentText(text: string, maxChars: number): string {
  return escapeMarkdown(untrustedText(text, maxChars));
}

/** "page 3" for the page's place in the head (or the base, for a removed page). */
export function pageName(change: PageChange): string {
  if (change.kind === 'removed') return `page ${change.base} of the base`;
  return `page ${change.head}`;
}

/** What changed on the page in words, for alt text and headings: "2 words changed, 1 added", "added, 12 lines". */
export function textSummary(change: PageChange, text: PageText | undefined): string {
  if (text === undefined) return change.kind === 'changed' ? 'changed' : change.kind;
  if (text.kind === 'changed') {
    const counts = describeCounts(text.diff.counts);
    return counts === 'no word changed' ? 'no word changed (only the drawing)' : counts;
  }
  const lines = text.lines.length === 1 ? '1 line' : `${text.lines.length} lines`;
  return `${change.kind}, ${text.lines.length === 0 ? 'no text' : lines}`;
}

/**
 * One list item: `- **Page 3** · 2 words changed, 1 added: … context ~~old~~ **new** context …`, at most
 * `maxChars` characters (later changes are then left out with a "…").
 */
export function pageTextItem(
  change: PageChange,
  text: PageText | undefined,
  maxChars: number,
  detail: TextDetail,
): string {
  const title = `- **${capitalised(pageName(change))}** · ${textSummary(change, text)}`;
  if (text === undefined) return title.slice(0, maxChars);
  const pieces =
    text.kind === 'changed' ? diffPieces(text.diff.runs, detail) : linePieces(text.lines, detail);
  let line = `${title}:`;
  if (line.length > maxChars) return title.slice(0, maxChars);
  const more = ' …';
  for (const [index, piece] of pieces.entries()) {
    const last = index === pieces.length - 1;
    if (line.length + 1 + piece.length + (last ? 0 : more.length) > maxChars) return `${line}${more}`;
    line += ` ${piece}`;
  }
  return pieces.length === 0 ? title : line;
}

/** Words shown as one run of text: each cut to the longest word shown, then the run made inert as a whole. */
function wordsText(words: readonly string[], detail: TextDetail): string {
  const cut = words.map((word) => {
    const chars = [...word];
    return chars.length <= detail.maxWordChars
      ? word
      : `${chars.slice(0, detail.maxWordChars - 1).join('')}…`;
  });
  const joined = cut.join(' ');
  return documentText(joined, joined.length + 1);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The diff as pieces of Markdown, each complete in itself (a struck or bold run is one piece). */
function diffPieces(runs: readonly WordRun[], detail: TextDetail): string[] {
  const pieces: string[] = [];
  const words = (list: readonly string[]) => wordsText(list, detail);
  for (const [index, run] of runs.entries()) {
    if (run.kind === 'removed') {
      pieces.push(`~~${words(run.words)}~~`);
      continue;
    }
    if (run.kind === 'added') {
      pieces.push(`**${words(run.words)}**`);
      continue;
    }
    const first = index === 0;
    const last = index === runs.length - 1;
    const keepStart = first ? 0 : detail.context;
    const keepEnd = last ? 0 : detail.context;
    if (run.words.length <= keepStart + keepEnd) {
      pieces.push(words(run.words));
      continue;
    }
    if (keepStart > 0) pieces.push(words(run.words.slice(0, keepStart)));
    pieces.push('…');
    if (keepEnd > 0) pieces.push(words(run.words.slice(-keepEnd)));
  }
  return pieces;
}

function linePieces(lines: readonly string[], detail: TextDetail): string[] {
  const shown = lines.slice(0, detail.maxLines).map((line, index) => {
    const text = wordsText(line.split(' '), detail);
    return index === 0 ? text : `/ ${text}`;
  });
  if (lines.length > detail.maxLines) shown.push(`(+${lines.length - detail.maxLines} more lines)`);
  return shown;
}

/**
 * A workbook's changes as a table `| Cell | Before | After |`, sheets added or removed first, within `maxChars`;
 * rows that do not fit are counted under it.
 */
export function cellTable(diff: WorkbookDiff, maxChars: number, detail: TextDetail): string {
  const head = '| Cell | Before | After |\n| --- | --- | --- |';
  const rows: string[] = [];
  for (const sheet of diff.sheets) {
    const cells = `${sheet.cells} ${sheet.cells === 1 ? 'cell' : 'cells'}`;
    const name = documentText(sheet.sheet, detail.maxCellChars);
    rows.push(
      sheet.kind === 'added'
        ? `| ${name} (sheet) | — | sheet added, ${cells} |`
        : `| ${name} (sheet) | sheet removed, ${cells} | — |`,
    );
  }
  for (const cell of diff.cells) {
    const where = documentText(cellReference(cell.sheet, cell.address), detail.maxCellChars + 12);
    rows.push(`| ${where} | ${cellText(cell.before, detail)} | ${cellText(cell.after, detail)} |`);
  }
  const total = rows.length + diff.omittedCells;
  const truncation = 'Only the first sheets, rows and cells were compared.';
  if (total === 0)
    return diff.truncated ? `No cell changed in what was read. ${truncation}` : 'No cell changed.';
  const kept: string[] = [head];
  let length = head.length;
  const noteRoom = 80;
  for (const row of rows) {
    if (length + 1 + row.length + noteRoom > maxChars) break;
    kept.push(row);
    length += 1 + row.length;
  }
  const left = total - (kept.length - 1);
  const notes: string[] = [];
  if (left > 0) notes.push(`…and ${left} more changed ${left === 1 ? 'cell' : 'cells'}.`);
  if (diff.truncated) notes.push(truncation);
  if (kept.length === 1) return notes.join(' ').slice(0, maxChars);
  return [kept.join('\n'), ...(notes.length > 0 ? [notes.join(' ')] : [])].join('\n\n');
}

function cellText(content: CellContent | undefined, detail: TextDetail): string {
  if (content === undefined) return '—';
  const value = documentText(content.value, detail.maxCellChars);
  if (content.formula === undefined) return value === '' ? '—' : value;
  const formula = documentText(`=${content.formula}`, detail.maxCellChars);
  return value === '' ? formula : `${formula} → ${value}`;
}
