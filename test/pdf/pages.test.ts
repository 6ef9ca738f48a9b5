import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodePng, openPdf, PdfRenderError, renderPdfToPngFiles } from '../../src/pdf/pages.ts';
import { pdfDocument } from '../emulator/outputs.ts';

describe('PDF pages to PNG', () => {
  let dir: string;
  let pdfPath: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'render-'));
    pdfPath = path.join(dir, 'known.pdf');
    await writeFile(pdfPath, pdfDocument(['Hello page', 'second line']));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('renders a page of known content at the asked width, with dark text pixels on white', async () => {
    const pdf = await openPdf(pdfPath);
    try {
      assert.equal(pdf.pageCount, 1);
      assert.match(pdf.pageText(1), /Hello page/);
      const image = await pdf.renderPage(1, 612);
      assert.equal(image.width, 612);
      assert.equal(image.height, 792); // US Letter: 612×792 points at scale 1
      let dark = 0;
      for (let i = 0; i < image.rgba.length; i += 4) if ((image.rgba[i] ?? 255) < 200) dark++;
      assert.ok(dark > 50, `expected text pixels, found ${dark} dark pixels`);
      assert.ok(dark < image.width * image.height * 0.2, 'expected a mostly white page');
    } finally {
      pdf.close();
    }
  });

  it('writes one PNG per page under the names the caller chose, and nothing else', async () => {
    const out = await mkdtemp(path.join(dir, 'out-'));
    const { files, pageCount } = await renderPdfToPngFiles(pdfPath, out, (n) => `doc-page-${n}.png`, {
      widthPx: 200,
    });
    assert.equal(pageCount, 1);
    assert.deepEqual(await readdir(out), ['doc-page-1.png']);
    const png = decodePng(await readFile(files[0] as string));
    assert.equal(png.width, 200);
  });

  it('refuses a damaged PDF with a clear error and leaves no file behind', async () => {
    const damaged = path.join(dir, 'damaged.pdf');
    await writeFile(damaged, '%PDF-1.4\nthis is not a real pdf body');
    const out = await mkdtemp(path.join(dir, 'damaged-'));
    await assert.rejects(
      renderPdfToPngFiles(damaged, out, (n) => `p${n}.png`, { widthPx: 100 }),
      (error: unknown) => error instanceof PdfRenderError && /could not be opened/.test(error.message),
    );
    assert.deepEqual(await readdir(out), []);
  });

  it('refuses a PDF larger than the limit without reading it', async () => {
    await assert.rejects(openPdf(pdfPath, 10), (error: unknown) => error instanceof PdfRenderError);
  });
});
