/**
 * Links inside the page: the sanitiser prefixes every id with `user-content-` (so a document cannot clobber the
 * page's globals), which leaves `#heading` and `#fn-1` pointing nowhere. GitHub mends them with a script at view
 * time; here they are mended once, so they stay clickable in the PDF.
 */
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

export const ID_PREFIX = 'user-content-';

export function pointLinksAtPrefixedIds(tree: Root): void {
  const ids = new Set<string>();
  visit(tree, 'element', (node) => {
    if (typeof node.properties.id === 'string') ids.add(node.properties.id);
  });
  visit(tree, 'element', (node) => {
    const href = node.properties.href;
    if (node.tagName !== 'a' || typeof href !== 'string' || !href.startsWith('#')) return;
    let fragment: string;
    try {
      fragment = decodeURIComponent(href.slice(1));
    } catch {
      return;
    }
    if (!ids.has(fragment) && ids.has(ID_PREFIX + fragment))
      node.properties.href = `#${ID_PREFIX}${fragment}`;
  });
}
