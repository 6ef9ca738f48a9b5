/**
 * Where no network namespace can be made, the engine refuses a document that would make LibreOffice fetch
 * something: this scan says what, before conversion. It reads what LibreOffice would follow in each kind of
 * source; a kind it cannot read (binary .doc/.xls/.ppt) or a file it cannot parse is refused, not passed.
 */
import { stat } from 'node:fs/promises';
import { htmlReference } from './html.ts';
import { rtfReference } from './rtf.ts';
import { fileChunks, utf8Chunks } from '../../page-references/text-chunks.ts';
import { loadedHref, ooxmlRelationship } from './xml-judges.ts';
import { type StartTag, xmlStartTags } from './xml-tags.ts';
import { scanZipMembers } from './zip-members.ts';

/** An HTML file is tokenised up to this size; a larger one is refused (a single token could otherwise grow). */
export const MAX_HTML_BYTES = 64 * 1024 ** 2;

export type ReferenceScan =
  | { verdict: 'clean' }
  /** `reference`: what would be fetched and from where, as found in the file (untrusted text). */
  | { verdict: 'external'; reference: string }
  | { verdict: 'unreadable'; reason: string };

const ZIP_KINDS = new Set(
  'docx docm dotx dotm xlsx xlsm xltx xltm pptx pptm ppsx ppsm potx potm odt ott ods ots odp otp odg otg'.split(
    ' ',
  ),
);
const FLAT_XML_KINDS = new Set(['fodt', 'fods', 'fodp', 'fodg']);
const HTML_KINDS = new Set(['html', 'htm', 'xhtml']);
/** Read with a text import filter the engine names (formats.ts): nothing in them is followed. */
const INERT_KINDS = new Set(['txt', 'csv']);

async function firstInTags(
  chunks: AsyncIterable<string>,
  judge: (tag: StartTag) => string | undefined,
): Promise<string | undefined> {
  for await (const tag of xmlStartTags(chunks)) {
    const found = judge(tag);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A package member: relationships (OOXML), and every XML or VML part for hrefs (ODF, and VML's o:href). */
function memberJudge(name: string): (tag: StartTag) => string | undefined {
  if (name.toLowerCase().endsWith('.rels')) return (tag) => ooxmlRelationship(tag) ?? loadedHref(tag);
  return loadedHref;
}

const wantedMember = (name: string) => /\.(rels|xml|vml)$/.test(name);

async function scanKind(file: string, kind: string): Promise<string | undefined> {
  if (ZIP_KINDS.has(kind)) {
    return scanZipMembers(file, wantedMember, async (name, stream) => {
      const found = await firstInTags(utf8Chunks(stream), memberJudge(name));
      return found === undefined ? undefined : `${found} (in ${name})`;
    });
  }
  if (FLAT_XML_KINDS.has(kind)) {
    // LibreOffice recognises a file by its content: a flat XML file that is really HTML is read as HTML too.
    return (await firstInTags(fileChunks(file), loadedHref)) ?? (await htmlReference(fileChunks(file)));
  }
  if (HTML_KINDS.has(kind)) return htmlReference(fileChunks(file));
  if (kind === 'rtf') return rtfReference(fileChunks(file));
  throw new Error(
    `this kind of file (.${kind}) cannot be checked for linked content, and without a network namespace LibreOffice could fetch what it links to`,
  );
}

/** What LibreOffice would fetch when converting `file` (its extension lower-cased as `kind`). */
export async function scanExternalReferences(file: string, kind: string): Promise<ReferenceScan> {
  if (INERT_KINDS.has(kind)) return { verdict: 'clean' };
  try {
    if (HTML_KINDS.has(kind) || FLAT_XML_KINDS.has(kind) || kind === 'rtf') {
      const { size } = await stat(file);
      if (size > MAX_HTML_BYTES)
        return {
          verdict: 'unreadable',
          reason: `it is over ${MAX_HTML_BYTES / 1024 ** 2} MiB, too large to check for linked content`,
        };
    }
    const reference = await scanKind(file, kind);
    return reference === undefined ? { verdict: 'clean' } : { verdict: 'external', reference };
  } catch (error) {
    return { verdict: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
}
