/**
 * Start tags of an XML text read in chunks: what the reference scanners look at. Comments, CDATA and processing
 * instructions are skipped whole (a quote inside a comment must not hide the tag after it); no more than one tag is
 * held at a time, and a tag longer than MAX_TAG_CHARS is refused rather than buffered.
 */

export const MAX_TAG_CHARS = 1024 * 1024;

export interface StartTag {
  /** The element's name without its namespace prefix (`image` for `draw:image`). */
  localName: string;
  /** Attribute local name → value with character references decoded; undefined when it names another entity. */
  attributes: Map<string, string | undefined>;
}

/** The end of what opens at `text[start]` ('<'), one past its closing '>', or -1 while it is incomplete. */
function markupEnd(text: string, start: number): number {
  const closers: [string, string][] = [
    ['<!--', '-->'],
    ['<![CDATA[', ']]>'],
    ['<?', '?>'],
  ];
  for (const [opener, closer] of closers) {
    if (text.startsWith(opener, start)) {
      const end = text.indexOf(closer, start + opener.length);
      return end === -1 ? -1 : end + closer.length;
    }
    // An opener cut at the chunk's end: wait for the rest before deciding.
    if (opener.startsWith(text.slice(start, start + opener.length)) && text.length - start < opener.length)
      return -1;
  }
  const quoteOrEnd = /["'>]/g;
  quoteOrEnd.lastIndex = start + 1;
  for (;;) {
    const found = quoteOrEnd.exec(text);
    if (found === null) return -1;
    if (found[0] === '>') return found.index + 1;
    const close = text.indexOf(found[0], found.index + 1);
    if (close === -1) return -1;
    quoteOrEnd.lastIndex = close + 1;
  }
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** An attribute value with its references decoded; undefined when it uses an entity of the document's own. */
export function decodeXmlValue(raw: string): string | undefined {
  let unknown = false;
  const decoded = raw.replace(/&(#x[0-9a-f]+|#[0-9]+|[^;\s&]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const known = PREDEFINED[name];
    if (known === undefined) unknown = true;
    return known ?? whole;
  });
  return unknown ? undefined : decoded;
}

function localNameOf(name: string): string {
  return name.slice(name.lastIndexOf(':') + 1);
}

function parseStartTag(markup: string): StartTag | undefined {
  // markup is `<…>`; end tags, declarations (<!DOCTYPE) and the skipped kinds are not start tags.
  if (/^<[/!?]/.test(markup)) return undefined;
  const name = /^<([^\s/>]+)/.exec(markup)?.[1];
  if (name === undefined) return undefined;
  const attributes = new Map<string, string | undefined>();
  for (const [, attribute, doubleQuoted, singleQuoted] of markup.matchAll(
    /([^\s=/<>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g,
  )) {
    attributes.set(localNameOf(attribute as string), decodeXmlValue(doubleQuoted ?? singleQuoted ?? ''));
  }
  return { localName: localNameOf(name), attributes };
}

/** Every start tag in the text `chunks` make, in order. Throws on a tag past MAX_TAG_CHARS. */
export async function* xmlStartTags(chunks: AsyncIterable<string>): AsyncGenerator<StartTag> {
  let pending = '';
  for await (const chunk of chunks) {
    const text = pending + chunk;
    pending = '';
    let position = 0;
    for (;;) {
      const open = text.indexOf('<', position);
      if (open === -1) break;
      const end = markupEnd(text, open);
      if (end === -1) {
        pending = text.slice(open);
        if (pending.length > MAX_TAG_CHARS)
          throw new Error(`it has markup longer than ${MAX_TAG_CHARS} characters`);
        break;
      }
      const tag = parseStartTag(text.slice(open, end));
      if (tag) yield tag;
      position = end;
    }
  }
}
