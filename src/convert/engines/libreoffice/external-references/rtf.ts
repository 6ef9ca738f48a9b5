/**
 * What an RTF document makes LibreOffice load: the file or address of an INCLUDEPICTURE, INCLUDETEXT, IMPORT or
 * LINK field. Read as text in chunks; a window of the previous chunk's end is kept so a field cut in two is seen.
 */
import { isFetchable } from './fetchable.ts';

const OVERLAP_CHARS = 4096;
const FIELD = /\b(INCLUDEPICTURE|INCLUDETEXT|IMPORT|LINK)\b[\s\S]{0,400}/gi;
const ADDRESS = /(?:[a-z][a-z0-9+.-]*:|\\\\\\\\|\\\\|\/\/)[^\s"}]*/i;

export async function rtfReference(chunks: AsyncIterable<string>): Promise<string | undefined> {
  let tail = '';
  let first = true;
  for await (const chunk of chunks) {
    const text = tail + chunk;
    if (first && text.length >= 5) {
      first = false;
      // LibreOffice recognises a file by its content: anything else named .rtf is not what this scanner reads.
      if (!/^\s*\{\\rtf/i.test(text)) throw new Error('it is named .rtf but does not begin as RTF');
    }
    for (const [field, name] of text.matchAll(FIELD)) {
      const address = ADDRESS.exec(field.slice((name as string).length))?.[0];
      if (address !== undefined && isFetchable(address.replaceAll('\\\\', '\\'))) return `${name} ${address}`;
    }
    tail = text.slice(-OVERLAP_CHARS);
  }
  return undefined;
}
