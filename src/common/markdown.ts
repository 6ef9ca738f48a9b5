/** Document names and server text shown as plain text in Markdown. */
import { neutraliseBidi } from './untrusted-text.ts';

/**
 * Text shown as is in Markdown (also inside a table cell): every ASCII punctuation character is backslash-escaped,
 * line breaks and other control characters become spaces, bidirectional controls are percent-encoded (see
 * untrusted-text.ts). `a|b*c.docx` stays one cell, not emphasis.
 */
export function escapeMarkdown(text: string): string {
  return (
    neutraliseBidi(text)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/[!-/:-@[-`{-~]/g, (char) => `\\${char}`)
  );
}

/** A Markdown link whose text is escaped; the URL must already be encoded (the builders in links.ts do that). */
export function markdownLink(text: string, url: string): string {
  return `[${escapeMarkdown(text)}](${url})`;
}
