/**
 * What decides the page's look, for the cache key: a change to any of these may change the PDF.
 * The package versions are pinned exactly in package.json, and a test checks them against what is installed.
 */
export const MARKDOWN_RENDERER_IDENTITY: Readonly<Record<string, string>> = Object.freeze({
  // This folder's own choices (plugin order, page style, image rules): bump when they change the output.
  'markdown-page': '1',
  unified: '11.0.5',
  'remark-parse': '11.0.0',
  'remark-gfm': '4.0.1',
  'remark-math': '6.0.0',
  'remark-rehype': '11.1.2',
  'rehype-raw': '7.0.0',
  'rehype-sanitize': '6.0.0',
  'hast-util-sanitize': '5.0.2',
  'rehype-slug': '6.0.0',
  'rehype-github-alert': '1.0.0',
  'rehype-katex': '7.0.1',
  katex: '0.16.47',
  refractor: '5.0.0',
  'rehype-stringify': '10.0.1',
  'github-markdown-css': '5.9.0',
  mermaid: '11.17.2',
});
