/** The page as paper: the run's page size, margins like a printed GitHub page, links, tags and the headings' outline. */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Page, PDFOptions } from 'puppeteer-core';
import type { PageSize } from '../../../settings/engine.ts';

/** Margins of every page: about what a browser's own "Print" gives, so text never touches the edge. */
export const PAGE_MARGINS = { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' } as const;

export function pdfOptions(pageSize: PageSize, honourCssPageSize: boolean): PDFOptions {
  return {
    format: pageSize,
    margin: PAGE_MARGINS,
    printBackground: true,
    // Headings become the PDF's bookmarks; tags keep the text's order and roles for readers and search.
    outline: true,
    tagged: true,
    // An HTML source's own `@page { size }` wins, as when a person prints it; Markdown has no styles of its own.
    preferCSSPageSize: honourCssPageSize,
    // No browser timeout of its own: the document's limit and the run's deadline close the page.
    timeout: 0,
  };
}

/** Prints the page to `file`, streamed: the PDF is never held whole in memory. */
export async function printToFile(page: Page, file: string, options: PDFOptions): Promise<void> {
  const stream = await page.createPDFStream(options);
  await pipeline(
    Readable.fromWeb(stream as import('node:stream/web').ReadableStream),
    createWriteStream(file),
  );
}
