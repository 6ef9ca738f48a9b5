/**
 * Fenced `mermaid` blocks become `<pre class="mermaid">` holding the diagram's source as text (escaped when the HTML
 * is written), which mermaid's own script, run in the page, replaces with the drawn diagram.
 */
import type { Element, Root } from 'hast';
import { toString as textOf } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

function isMermaidCode(node: Element): boolean {
  const classes = node.properties.className;
  return node.tagName === 'code' && Array.isArray(classes) && classes.includes('language-mermaid');
}

/** Rewrites the blocks in place; returns how many there are. */
export function markMermaidBlocks(tree: Root): number {
  let count = 0;
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'pre') return;
    const code = node.children.find((child): child is Element => child.type === 'element');
    if (code === undefined || !isMermaidCode(code)) return;
    node.properties = { className: ['mermaid'] };
    node.children = [{ type: 'text', value: textOf(code) }];
    count++;
  });
  return count;
}
