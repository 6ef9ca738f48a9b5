/** What the browser engine converts: Markdown and HTML, printed to PDF, PDF pages as images, Markdown as one HTML file. */

export const MARKDOWN_SOURCES: readonly string[] = ['md', 'markdown'];
export const HTML_SOURCES: readonly string[] = ['html', 'htm'];
export const BROWSER_SOURCES: readonly string[] = [...MARKDOWN_SOURCES, ...HTML_SOURCES];

/** Made by rendering each page of the printed PDF with the bundle's PDFium. */
export const PAGE_IMAGE_TARGETS: readonly string[] = ['png', 'jpg', 'jpeg'];

/** An HTML source converted to HTML would be the same file; Markdown gets the page as it is printed, self-contained. */
const TARGETS: Readonly<Record<'markdown' | 'html', readonly string[]>> = {
  markdown: ['pdf', ...PAGE_IMAGE_TARGETS, 'html'],
  html: ['pdf', ...PAGE_IMAGE_TARGETS],
};

export function isMarkdown(extension: string): boolean {
  return MARKDOWN_SOURCES.includes(extension);
}

/** Source extension → target formats, for the run's format check. */
export function browserTargets(): ReadonlyMap<string, readonly string[]> {
  return new Map(
    BROWSER_SOURCES.map((source) => [source, isMarkdown(source) ? TARGETS.markdown : TARGETS.html]),
  );
}

export function browserConverts(source: string, target: string): boolean {
  return browserTargets().get(source)?.includes(target) ?? false;
}
