/**
 * What changed in a page's words: the base and head pages' text layers (from PDFium) diffed line by line, then
 * word by word (words split at whitespace) where lines were replaced, with jsdiff. Pure data; the Markdown is
 * made in text-markdown.ts. Bounded: a page's text is cut before it gets here, and a diff that would need more
 * edits than MAX_EDITS is given up for "the text was rewritten" (old words removed, new ones added).
 */
import { diffArrays } from 'diff';
import { redactSecrets } from '../common/untrusted-text.ts';

/** Past this many word edits, a page counts as rewritten (jsdiff's cost grows with the edits squared). */
const MAX_EDITS = 4_000;

export type WordRun =
  | { kind: 'same'; words: string[] }
  | { kind: 'removed'; words: string[] }
  | { kind: 'added'; words: string[] };

export interface WordCounts {
  /** Words replaced by others, pairwise, where a removal and an insertion meet. */
  changed: number;
  added: number;
  removed: number;
}

export interface PageWordDiff {
  runs: WordRun[];
  counts: WordCounts;
  /** The diff was given up (too many edits): runs are all of the base removed, all of the head added. */
  rewritten: boolean;
}

/** A page's words, secrets redacted first (a secret must not survive split over two runs). */
export function wordsOf(text: string): string[] {
  return redactSecrets(text)
    .split(/\s+/u)
    .filter((word) => word !== '');
}

/**
 * Lines first, then words: the pages' lines are diffed, and only where lines were replaced are their words
 * diffed. Text that repeats itself (the same phrase on every line) then shows a changed line as that line's
 * words, not as an edit script that wanders across the page.
 */
export function diffPageWords(before: string, after: string): PageWordDiff {
  const old = lineWords(before);
  const now = lineWords(after);
  const lineChanges = diffArrays(
    old.map((words) => words.join(' ')),
    now.map((words) => words.join(' ')),
    { maxEditLength: MAX_EDITS },
  );
  if (lineChanges === undefined) return rewritten(old.flat(), now.flat());
  const runs: WordRun[] = [];
  let rewrittenAll = false;
  const push = (run: WordRun) => {
    if (run.words.length === 0) return;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.kind === run.kind) last.words.push(...run.words);
    else runs.push({ kind: run.kind, words: [...run.words] });
  };
  const wordsOfLines = (lines: readonly string[]) =>
    lines.flatMap((line) => (line === '' ? [] : line.split(' ')));
  for (let i = 0; i < lineChanges.length; i++) {
    const change = lineChanges[i] as (typeof lineChanges)[number];
    const next = lineChanges[i + 1];
    if (!change.added && !change.removed) {
      push({ kind: 'same', words: wordsOfLines(change.value) });
    } else if (change.removed && next?.added) {
      const words = diffArrays(wordsOfLines(change.value), wordsOfLines(next.value), {
        maxEditLength: MAX_EDITS,
      });
      if (words === undefined) {
        rewrittenAll = true;
        push({ kind: 'removed', words: wordsOfLines(change.value) });
        push({ kind: 'added', words: wordsOfLines(next.value) });
      } else {
        for (const part of words)
          push({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', words: part.value });
      }
      i++;
    } else {
      push({ kind: change.added ? 'added' : 'removed', words: wordsOfLines(change.value) });
    }
  }
  return { runs, counts: countsOf(runs), rewritten: rewrittenAll };
}

/** A page's lines as words (secrets redacted first; blank lines dropped). */
function lineWords(text: string): string[][] {
  return redactSecrets(text)
    .split(/\r?\n|\r/)
    .map((line) => line.split(/\s+/u).filter((word) => word !== ''))
    .filter((words) => words.length > 0);
}

function rewritten(old: string[], now: string[]): PageWordDiff {
  const runs: WordRun[] = [];
  if (old.length > 0) runs.push({ kind: 'removed', words: old });
  if (now.length > 0) runs.push({ kind: 'added', words: now });
  return { runs, counts: countsOf(runs), rewritten: true };
}

/** A removal next to an insertion is a change of min(both) words; the rest of either is removed or added. */
export function countsOf(runs: readonly WordRun[]): WordCounts {
  const counts: WordCounts = { changed: 0, added: 0, removed: 0 };
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i] as WordRun;
    const next = runs[i + 1];
    if (run.kind === 'same') continue;
    if (next !== undefined && next.kind !== 'same' && next.kind !== run.kind) {
      const removed = run.kind === 'removed' ? run.words.length : next.words.length;
      const added = run.kind === 'added' ? run.words.length : next.words.length;
      const paired = Math.min(removed, added);
      counts.changed += paired;
      counts.removed += removed - paired;
      counts.added += added - paired;
      i++;
    } else if (run.kind === 'added') counts.added += run.words.length;
    else counts.removed += run.words.length;
  }
  return counts;
}

/** "2 words changed, 1 added" (no change: "no word changed"). */
export function describeCounts(counts: WordCounts): string {
  const parts: string[] = [];
  const words = (n: number) => (n === 1 ? '1 word' : `${n} words`);
  if (counts.changed > 0) parts.push(`${words(counts.changed)} changed`);
  if (counts.added > 0)
    parts.push(parts.length === 0 ? `${words(counts.added)} added` : `${counts.added} added`);
  if (counts.removed > 0)
    parts.push(parts.length === 0 ? `${words(counts.removed)} removed` : `${counts.removed} removed`);
  return parts.length === 0 ? 'no word changed' : parts.join(', ');
}
