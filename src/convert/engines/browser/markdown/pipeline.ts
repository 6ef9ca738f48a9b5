/**
 * Markdown to a sanitised HTML tree, as GitHub renders it: GFM, then the document's raw HTML parsed and cleaned with
 * GitHub's own allow-list (hast-util-sanitize's default schema), and only then the markup this pipeline adds itself
 * (heading ids, alerts, mermaid blocks, math, highlighted code), so the sanitiser never has to allow any of it.
 */
import type { Root } from 'hast';
import rehypeGithubAlert from 'rehype-github-alert';
import rehypeKatex from 'rehype-katex';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { highlightCode } from './highlight-code.ts';
import { markMermaidBlocks } from './mermaid-blocks.ts';
import { ID_PREFIX, pointLinksAtPrefixedIds } from './page-links.ts';

function createProcessor() {
  return (
    unified()
      .use(remarkParse)
      .use(remarkGfm)
      .use(remarkMath)
      // Footnote ids unprefixed here: the sanitiser prefixes every id once, and page-links mends the links.
      .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
      .use(rehypeRaw)
      .use(rehypeSanitize)
      .use(rehypeSlug, { prefix: ID_PREFIX })
      .use(rehypeGithubAlert)
      .use(() => (tree: Root) => {
        markMermaidBlocks(tree);
      })
      // MathML, which Chromium lays out natively: no fonts nor stylesheet to ship.
      .use(rehypeKatex, { output: 'mathml' })
      .use(() => highlightCode)
      .use(() => pointLinksAtPrefixedIds)
      .use(rehypeStringify)
  );
}

let processor: ReturnType<typeof createProcessor> | undefined;

/** The document's HTML tree, sanitised, with the pipeline's own markup added; images not yet resolved. */
export async function markdownToTree(markdown: string): Promise<Root> {
  processor ??= createProcessor();
  return (await processor.run(processor.parse(markdown))) as Root;
}

export function treeToHtml(tree: Root): string {
  processor ??= createProcessor();
  return processor.stringify(tree);
}
