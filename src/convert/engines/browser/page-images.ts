/** A printed PDF's pages as images, through the bundle's PDFium, named as every engine names pages. */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { type PageImage, renderPdfToPngFiles } from '../../../pdf/pages.ts';
import type { ConversionJob } from '../../../plan/types.ts';
import type { RemoteOutput } from '../engine.ts';

/** The width LibreOffice's pages get too: A4 at 150 dpi. */
export const PAGE_IMAGE_WIDTH_PX = 1240;
const JPEG_QUALITY = 85;

export async function pageImagesOf(
  job: ConversionJob,
  pdf: string,
  folder: string,
  signal: AbortSignal,
): Promise<RemoteOutput[]> {
  await mkdir(folder, { recursive: true });
  const { files } = await renderPdfToPngFiles(
    pdf,
    folder,
    (page) => `${job.source.stem}-page-${page}.${job.format}`,
    {
      widthPx: PAGE_IMAGE_WIDTH_PX,
      signal,
      ...(job.format === 'png' ? {} : { encode: encodeJpeg }),
    },
  );
  return Promise.all(
    files.map(async (file) => ({ name: path.basename(file), path: file, size: (await stat(file)).size })),
  );
}

/** Pages are opaque (PDFium paints them on white), so dropping the alpha channel loses nothing. */
function encodeJpeg(image: PageImage): Buffer {
  return jpeg.encode({ width: image.width, height: image.height, data: image.rgba }, JPEG_QUALITY).data;
}
