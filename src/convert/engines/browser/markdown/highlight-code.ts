/**
 * Syntax highlighting when the HTML is made, for code blocks that name their language (as on GitHub). Prism's
 * grammars (refractor: pure JavaScript, hast out) find the tokens; each token is given the `pl-*` class GitHub's own
 * highlighter would give it, so github-markdown-css colours it exactly as github.com does.
 *
 * Not GitHub's starry-night itself: it needs Oniguruma's WebAssembly file, which ncc corrupts when it copies it (it
 * copies `new URL` assets as UTF-8 text), and highlight.js's types pull the DOM library into the whole project.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toString as textOf } from 'hast-util-to-string';
import { refractor } from 'refractor';
import { visit } from 'unist-util-visit';

/** Prism token types and the GitHub class that colours the same kind of token. */
const GITHUB_CLASS: Readonly<Record<string, string>> = {
  comment: 'pl-c',
  prolog: 'pl-c',
  doctype: 'pl-c',
  cdata: 'pl-c',
  keyword: 'pl-k',
  important: 'pl-k',
  atrule: 'pl-k',
  rule: 'pl-k',
  string: 'pl-s',
  char: 'pl-s',
  'template-string': 'pl-s',
  'attr-value': 'pl-s',
  url: 'pl-s',
  regex: 'pl-sr',
  number: 'pl-c1',
  boolean: 'pl-c1',
  constant: 'pl-c1',
  symbol: 'pl-c1',
  builtin: 'pl-c1',
  property: 'pl-c1',
  entity: 'pl-c1',
  function: 'pl-en',
  'class-name': 'pl-en',
  selector: 'pl-en',
  tag: 'pl-ent',
  'attr-name': 'pl-e',
  variable: 'pl-v',
  parameter: 'pl-v',
  inserted: 'pl-mi1',
  deleted: 'pl-md',
  bold: 'pl-mb',
  italic: 'pl-mi',
  title: 'pl-mh',
};

function languageOf(code: Element): string | undefined {
  const classes = code.properties.className;
  if (!Array.isArray(classes)) return undefined;
  const named = classes.find((name) => typeof name === 'string' && name.startsWith('language-'));
  return typeof named === 'string' ? named.slice('language-'.length).toLowerCase() : undefined;
}

/** Prism's `token keyword` spans renamed to GitHub's classes; a token GitHub leaves plain is unwrapped. */
function githubClasses(nodes: ElementContent[]): ElementContent[] {
  return nodes.flatMap((node): ElementContent[] => {
    if (node.type !== 'element') return [node];
    const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
    const github = classes.map((name) => GITHUB_CLASS[String(name)]).find((name) => name !== undefined);
    const children = githubClasses(node.children);
    if (github === undefined) return children;
    return [{ ...node, properties: { className: [github] }, children }];
  });
}

export function highlightCode(tree: Root): void {
  visit(tree, 'element', (node, _index, parent) => {
    if (node.tagName !== 'code' || parent?.type !== 'element' || parent.tagName !== 'pre') return;
    const language = languageOf(node);
    if (language === undefined || !refractor.registered(language)) return;
    node.children = githubClasses(refractor.highlight(textOf(node), language).children as ElementContent[]);
  });
}
