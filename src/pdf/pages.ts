/**
 * PDF pages to images and text, in process: PDFium compiled to WebAssembly (the wasm inlined in the bundle, so no
 * system package is needed). The previews run it inside the document sandbox (sandbox.ts), never in the action's
 * own thread; page images of image targets still render here.
 */

import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PDFiumDocument, PDFiumLibrary, PDFiumPage } from '@hyzyla/pdfium';
import { DEFAULT_MAX_PDF_BYTES, encodePng, type PageImage, PdfRenderError } from './page-image.ts';

export { DEFAULT_MAX_PDF_BYTES, decodePng, encodePng, type PageImage, PdfRenderError } from './page-image.ts';

/** No page image is made wider or taller than this, whatever the page size asks for. */
const MAX_SIDE_PX = 8_000;

/** A PDF opened for rendering. Close it when done: PDFium's memory is not garbage-collected. */
export interface OpenPdf {
  readonly pageCount: number;
  /** Renders one page (1-based) to `widthPx` pixels wide, height by the page's aspect ratio. */
  renderPage(pageNumber: number, widthPx: number): Promise<PageImage>;
  /** The page's text, as PDFium extracts it. */
  pageText(pageNumber: number): string;
  /** The page loaded once for both: its text (when asked) and its image (when a width is given). */
  readPage(pageNumber: number, want: { widthPx?: number; text?: boolean }): Promise<PageRead>;
  close(): void;
}

export interface PageRead {
  image?: PageImage;
  text?: string;
}

let library: Promise<PDFiumLibrary> | undefined;

/**
 * The library, started once. The wasm comes from the package's base64 copy (pinned version: the file name carries
 * its hash) so that ncc inlines it in the bundle and nothing is read from node_modules at run time.
 */
export function pdfium(): Promise<PDFiumLibrary> {
  // The CommonJS build is the one that survives bundling (the ESM build's `await import('module')` does not), and
  // its Emscripten start-up reads `__dirname`, which an ES-module bundle lacks. It only names the script's folder;
  // nothing is loaded from there because the wasm is passed in.
  const globals = globalThis as { __dirname?: string };
  globals.__dirname ??= import.meta.dirname ?? process.cwd();
  library ??= Promise.all([
    import('@hyzyla/pdfium/dist/index.cjs'),
    import('@hyzyla/pdfium/dist/pdfium.wasm.base64-B4io7kt4.js'),
  ]).then(([{ PDFiumLibrary }, { PDFIUM_WASM_BASE64 }]) => {
    const wasm = Buffer.from(PDFIUM_WASM_BASE64, 'base64');
    return PDFiumLibrary.init({
      wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
    });
  });
  return library;
}

/** Opens a PDF from disk. Throws PdfRenderError for a file over `maxBytes` or one PDFium cannot load. */
export async function openPdf(pdfPath: string, maxBytes = DEFAULT_MAX_PDF_BYTES): Promise<OpenPdf> {
  const { size } = await stat(pdfPath);
  if (size > maxBytes) {
    throw new PdfRenderError(`the PDF is ${size} bytes, more than the ${maxBytes} bytes that are rendered`);
  }
  const bytes = new Uint8Array(size);
  const file = await open(pdfPath, 'r');
  try {
    await file.read(bytes, 0, size, 0);
  } finally {
    await file.close();
  }
  const lib = await pdfium();
  let document: PDFiumDocument;
  try {
    document = await lib.loadDocument(bytes);
  } catch (error) {
    throw new PdfRenderError(
      `the PDF could not be opened (${error instanceof Error ? error.message : error})`,
    );
  }
  return pdfHandle(document);
}

function pdfHandle(document: PDFiumDocument): OpenPdf {
  const pageCount = document.getPageCount();
  const pageAt = (pageNumber: number) => {
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pageCount) {
      throw new RangeError(`page ${pageNumber} is not in 1–${pageCount}`);
    }
    return document.getPage(pageNumber - 1);
  };
  const render = async (page: PDFiumPage, pageNumber: number, widthPx: number): Promise<PageImage> => {
    const { originalWidth, originalHeight } = page.getOriginalSize();
    const scale = Math.min(
      widthPx / Math.max(1, originalWidth),
      MAX_SIDE_PX / Math.max(1, originalHeight),
      MAX_SIDE_PX / Math.max(1, originalWidth),
    );
    // The library closes the page after rendering it.
    const rendered = await page.render({ scale, render: 'bitmap' });
    return { pageNumber, width: rendered.width, height: rendered.height, rgba: rendered.data };
  };
  const textOf = (page: PDFiumPage) => page.getText();
  return {
    pageCount,
    renderPage(pageNumber, widthPx) {
      return render(pageAt(pageNumber), pageNumber, widthPx);
    },
    pageText(pageNumber) {
      const page = pageAt(pageNumber);
      try {
        return textOf(page);
      } finally {
        closePage(page);
      }
    },
    async readPage(pageNumber, want) {
      const page = pageAt(pageNumber);
      let text: string | undefined;
      try {
        if (want.text) text = textOf(page);
      } catch (error) {
        closePage(page);
        throw error;
      }
      if (want.widthPx === undefined) {
        closePage(page);
        return text === undefined ? {} : { text };
      }
      const image = await render(page, pageNumber, want.widthPx);
      return text === undefined ? { image } : { image, text };
    },
    close() {
      document.destroy();
    },
  };
}

/**
 * Frees a page that was not rendered: the library's getText leaves its page loaded, and only rendering closes
 * one. Its module and handle are private in the typings but plain properties.
 */
function closePage(page: PDFiumPage): void {
  const internals = page as unknown as { module: { _FPDF_ClosePage(page: number): void }; pageIdx: number };
  internals.module._FPDF_ClosePage(internals.pageIdx);
}

export interface RenderToFilesOptions {
  widthPx: number;
  /** Render at most this many pages (from the first). */
  maxPages?: number;
  maxPdfBytes?: number;
  signal?: AbortSignal;
  /** The file's bytes for a page image; PNG when not given. */
  encode?: (image: PageImage) => Buffer;
}

/**
 * Renders the pages of a PDF to PNG files in `directory`, named by `nameOf(pageNumber)` (plain names chosen by
 * the caller). Each file is written under a temporary name and renamed when complete. Returns the paths written,
 * in page order, and the document's page count.
 */
export async function renderPdfToPngFiles(
  pdfPath: string,
  directory: string,
  nameOf: (pageNumber: number) => string,
  options: RenderToFilesOptions,
): Promise<{ files: string[]; pageCount: number }> {
  const pdf = await openPdf(pdfPath, options.maxPdfBytes);
  const files: string[] = [];
  try {
    const last = Math.min(pdf.pageCount, options.maxPages ?? pdf.pageCount);
    for (let pageNumber = 1; pageNumber <= last; pageNumber++) {
      options.signal?.throwIfAborted();
      const target = path.join(directory, nameOf(pageNumber));
      const partial = `${target}.part`;
      const bytes = (options.encode ?? encodePng)(await pdf.renderPage(pageNumber, options.widthPx));
      const file = await open(partial, 'w');
      try {
        await file.writeFile(bytes);
      } finally {
        await file.close();
      }
      await rename(partial, target);
      files.push(target);
    }
    return { files, pageCount: pdf.pageCount };
  } catch (error) {
    await Promise.all(files.map((file) => rm(file, { force: true })));
    throw error;
  } finally {
    pdf.close();
  }
}
