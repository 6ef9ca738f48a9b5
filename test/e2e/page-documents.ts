/** Sources whose PDF (from the emulator) has known pages: one page per form feed, each reading differently. */

/** Page `page` of a document: 25 lines that read differently on every page; `edit` replaces a line. */
function page(page: number, edit?: (line: number) => string | undefined): string {
  return Array.from(
    { length: 25 },
    (_, line) =>
      edit?.(line) ??
      `Page ${page} clause ${line}: ${'terms and conditions '.repeat(((page + line) % 4) + 1)}`,
  ).join('\n');
}

/** A source of `count` pages separated by form feeds; `edits` replaces lines of the pages it names. */
export function documentText(
  count: number,
  edits: Record<number, (line: number) => string | undefined> = {},
): string {
  return Array.from({ length: count }, (_, i) => page(i + 1, edits[i + 1])).join('\f');
}
