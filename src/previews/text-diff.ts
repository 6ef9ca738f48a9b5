/**
 * What changed in a page's words: the base and head pages' text layers (from PDFium) split at whitespace and
 * diffed word by word with jsdiff. Pure data; markdown is made in text-markdown.ts. Bounded: a page's text is cut
 * before it gets here, and a diff that would need more edits than MAX_EDITS is given up for "the page was
 * rewritten" (every old word removed, every new one added) rather than computed.
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

export function diffPageWords(before: string, after: string): PageWordDiff {
  const old = wordsOf(before);
  const now = wordsOf(after);
  const changes = diffArrays(old, now, { maxEditLength: MAX_EDITS });
  if (changes === undefined) {
    const runs: WordRun[] = [];
    if (old.length > 0) runs.push({ kind: 'removed', words: old });
    if (now.length > 0) runs.push({ kind: 'added', words: now });
    return { runs, counts: countsOf(runs), rewritten: true };
  }
  const runs: WordRun[] = changes.map((change) => ({
    kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
    words: change.value,
  }));
  return { runs, counts: countsOf(runs), rewritten: false };
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
