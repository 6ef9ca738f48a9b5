/**
 * The last word on what reaches the browser, after every plugin has run: no element that runs or embeds anything,
 * no event handler, no link that runs script, and nothing that loads except the images already inlined as `data:`.
 * The sanitiser already guarantees this for the document's own HTML; this holds the plugins' output to it too.
 */
import type { Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

const FORBIDDEN_ELEMENTS = new Set([
  'applet',
  'audio',
  'base',
  'embed',
  'form',
  'frame',
  'frameset',
  'iframe',
  'link',
  'meta',
  'object',
  'portal',
  'script',
  'source',
  'style',
  'track',
  'video',
]);

/** Attributes that make the browser load something. */
const LOADING = [
  'src',
  'srcSet',
  'poster',
  'background',
  'data',
  'xLinkHref',
  'formAction',
  'action',
  'ping',
];

function runsScript(url: string): boolean {
  // Browsers ignore control characters and spaces inside a scheme (`java\tscript:`).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: those characters are what is ignored
  const squeezed = url.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  return /^(?:javascript|vbscript|data):/.test(squeezed);
}

export function guardPage(tree: Root): void {
  visit(tree, 'element', (node, index, parent) => {
    if (FORBIDDEN_ELEMENTS.has(node.tagName) && parent !== undefined && index !== undefined) {
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    const properties = node.properties;
    for (const key of Object.keys(properties)) {
      const value = properties[key];
      if (/^on/i.test(key)) delete properties[key];
      else if (LOADING.includes(key)) {
        const inlinedImage =
          node.tagName === 'img' && key === 'src' && String(value).startsWith('data:image/');
        if (!inlinedImage) delete properties[key];
      } else if (key === 'href' && runsScript(String(value))) delete properties[key];
      else if (key === 'style' && /url\s*\(|@import|expression\s*\(/i.test(String(value)))
        delete properties[key];
    }
    return undefined;
  });
}
