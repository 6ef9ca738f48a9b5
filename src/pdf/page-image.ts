/**
 * Page images and their PNG form, and the error of a PDF that cannot be read: what both sides of the document
 * sandbox share. Nothing here loads PDFium, so the action's own thread can use it without the renderer.
 */
import { PNG } from 'pngjs';

/** PDFium needs the whole document in memory; a larger PDF is refused rather than read. */
export const DEFAULT_MAX_PDF_BYTES = 256 * 1024 * 1024;

export interface PageImage {
  /** 1-based. */
  pageNumber: number;
  width: number;
  height: number;
  /** width × height × 4 bytes, RGBA, rows top to bottom. */
  rgba: Uint8Array;
}

/** The PDF could not be read: damaged, encrypted, too large or not a PDF. The message says which. */
export class PdfRenderError extends Error {
  override name = 'PdfRenderError';
}

/** PNG bytes of a page image. */
export function encodePng(image: Pick<PageImage, 'width' | 'height' | 'rgba'>): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.rgba.buffer, image.rgba.byteOffset, image.rgba.byteLength);
  return PNG.sync.write(png);
}

/** Decodes PNG bytes to a page image (pageNumber 0: not from a PDF). */
export function decodePng(bytes: Buffer): PageImage {
  const png = PNG.sync.read(bytes);
  return { pageNumber: 0, width: png.width, height: png.height, rgba: new Uint8Array(png.data) };
}
