/**
 * What a start tag of an office document's XML makes LibreOffice load from outside the file. A reference whose
 * value uses an entity of the document's own cannot be read here, so it counts as external.
 */
import { isFetchable } from './fetchable.ts';
import type { StartTag } from './xml-tags.ts';

/** Elements whose `href` is followed only when someone clicks: ODF's text:a and draw:a, and event listeners. */
const CLICKED_ONLY = new Set(['a', 'event-listener']);

/**
 * An OOXML relationship (`_rels/*.rels`) to something outside the package that is not a plain hyperlink: an
 * image, an OLE object, an attached template, a frame, a subdocument, an external workbook…
 */
export function ooxmlRelationship(tag: StartTag): string | undefined {
  if (tag.localName !== 'Relationship' || !tag.attributes.has('TargetMode')) return undefined;
  const mode = tag.attributes.get('TargetMode');
  if (mode !== undefined && mode.trim().toLowerCase() !== 'external') return undefined;
  const type = tag.attributes.get('Type');
  if (type !== undefined && /\/hyperlink$/i.test(type.trim())) return undefined;
  const kind = type?.trim().split('/').pop() || 'relationship';
  return `${kind} ${tag.attributes.get('Target') ?? '(a value it defines itself)'}`;
}

/**
 * An `href` (ODF's xlink:href, VML's o:href, whatever the prefix) to a URL on an element that loads it: an image,
 * an object, a style's fill image, a linked section or table, a template, a frame.
 */
export function loadedHref(tag: StartTag): string | undefined {
  if (CLICKED_ONLY.has(tag.localName) || !tag.attributes.has('href')) return undefined;
  const href = tag.attributes.get('href');
  if (href !== undefined && !isFetchable(href)) return undefined;
  return `${tag.localName} ${href ?? '(a value it defines itself)'}`;
}
