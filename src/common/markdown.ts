/** Document names, document text and server text shown as plain text in Markdown. */
import { neutraliseBidi } from './untrusted-text.ts';

/** U+200B ZERO WIDTH SPACE: invisible, and breaks what GitHub would otherwise turn into a mention or a link. */
const BREAK = '\u200b';

/**
 * Text shown as is in Markdown (also inside a table cell): every ASCII punctuation character is backslash-escaped,
 * line breaks and other control characters become spaces, bidirectional controls are percent-encoded (see
 * untrusted-text.ts). `a|b*c.docx` stays one cell, not emphasis. GitHub also links text itself after Markdown is
 * parsed, escaped or not: `@name` (a mention that notifies), `#12` (an issue), `https://…` and `www.…` (links); an
 * invisible break after `@`, `#`, `:` and `www` keeps them plain text.
 */
export function escapeMarkdown(text: string): string {
  return (
    neutraliseBidi(text)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/(www)(\.)/gi, `$1${BREAK}$2`)
      .replace(/[!-/:-@[-`{-~]/g, (char) => `\\${char}`)
      .replace(/\\([@#])(?=[\p{L}\p{N}_])/gu, `\\$1${BREAK}`)
      .replace(/\\:(?=\\\/)/g, `\\:${BREAK}`)
  );
}

/** A Markdown link whose text is escaped; the URL must already be encoded (the builders in links.ts do that). */
export function markdownLink(text: string, url: string): string {
  return `[${escapeMarkdown(text)}](${url})`;
}
