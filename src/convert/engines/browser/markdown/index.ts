/**
 * A Markdown document as the complete HTML page the browser engine prints: GitHub's rendering and light look, every
 * local image inlined, nothing remote loaded, and no script of the document's own.
 */
import path from 'node:path';
import type { Element, Root } from 'hast';
import { CONTINUE, EXIT, visit } from 'unist-util-visit';
import { githubLightStylesheet } from './assets.ts';
import { embedImages } from './embed-images.ts';
import { guardPage } from './page-guard.ts';
import { markdownToTree, treeToHtml } from './pipeline.ts';
import { readMarkdown } from './read-markdown.ts';

export { mermaidScript } from './assets.ts';
export { type MarkdownImageFiles, markdownImageFiles } from './dependencies.ts';
export { MAX_IMAGE_BYTES_PER_DOCUMENT } from './embed-images.ts';
export { MAX_IMAGE_BYTES } from './image-data.ts';
export { MARKDOWN_RENDERER_IDENTITY } from './identity.ts';
export { MAX_MARKDOWN_BYTES } from './read-markdown.ts';
export { resolveLocalResource } from './resolve-resource.ts';

export interface RenderedPage {
  /** A complete HTML document (<!doctype html>…): GitHub's light look inlined (github-markdown-css), the body in
   *  <article class="markdown-body">, images inlined as data: URLs, no <script> of the document's own. */
  html: string;
  /** One line per image or resource left out, naming it (untrusted text; the caller neutralises it). */
  warnings: string[];
  /** Remote URLs (http/https/protocol-relative …) that were referenced and not fetched. */
  remoteLeftOut: string[];
  /** True when the page holds mermaid diagrams that need MERMAID_SCRIPT run in the page (`pre.mermaid` elements). */
  needsMermaid: boolean;
}

/** The page around GitHub's stylesheet: GitHub's column width and margins, and print-friendly diagrams and math. */
const PAGE_STYLE = `
.markdown-body { box-sizing: border-box; min-width: 200px; max-width: 980px; margin: 0 auto; padding: 45px; }
.markdown-body pre.mermaid { background: none; text-align: center; }
.markdown-body .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.markdown-body math[display="block"] { margin: 1em 0; }
@media print { .markdown-body { padding: 0; max-width: none; } }
`;

function element(tagName: string, properties: Element['properties'], children: Element['children']): Element {
  return { type: 'element', tagName, properties, children };
}

function pageAround(body: Root, title: string, stylesheet: string): Root {
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      element('html', { lang: 'en' }, [
        element('head', {}, [
          element('meta', { charSet: 'utf-8' }, []),
          element('title', {}, [{ type: 'text', value: title }]),
          element('style', {}, [{ type: 'text', value: stylesheet + PAGE_STYLE }]),
        ]),
        element('body', {}, [
          element('article', { className: ['markdown-body'] }, body.children as Element[]),
        ]),
      ]),
    ],
  };
}

export async function renderMarkdownPage(options: {
  sourcePath: string;
  workspace: string;
  title: string;
  signal?: AbortSignal;
}): Promise<RenderedPage> {
  const { sourcePath, workspace, title, signal } = options;
  const markdown = await readMarkdown(sourcePath, signal);
  const tree = await markdownToTree(markdown);
  signal?.throwIfAborted();
  const { warnings, remoteLeftOut } = await embedImages(tree, {
    documentDir: path.dirname(sourcePath),
    workspace,
    signal,
  });
  guardPage(tree);
  const needsMermaid = containsMermaid(tree);
  const html = treeToHtml(pageAround(tree, title, await githubLightStylesheet()));
  return { html, warnings, remoteLeftOut, needsMermaid };
}

function containsMermaid(tree: Root): boolean {
  let found = false;
  visit(tree, 'element', (node) => {
    const classes = node.properties.className;
    if (node.tagName !== 'pre' || !Array.isArray(classes) || !classes.includes('mermaid')) return CONTINUE;
    found = true;
    return EXIT;
  });
  return found;
}
