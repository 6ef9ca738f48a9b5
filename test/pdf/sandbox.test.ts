import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PdfRenderError } from '../../src/pdf/page-image.ts';
import { DocumentSandbox } from '../../src/pdf/sandbox.ts';
import { pdfDocument } from '../emulator/outputs.ts';
import { abortingPdf, hangingPdf } from './hostile-pdfs.ts';

describe('the document sandbox', { timeout: 120_000 }, () => {
  let dir: string;
  let good: string;
  let hanging: string;
  let aborting: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sandbox-'));
    good = path.join(dir, 'good.pdf');
    hanging = path.join(dir, 'hanging.pdf');
    aborting = path.join(dir, 'aborting.pdf');
    await writeFile(good, pdfDocument(['hidden line'], [['Hello sandbox', 'second line'], ['page two']]));
    await writeFile(hanging, hangingPdf());
    await writeFile(aborting, abortingPdf());
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function renderGood(sandbox: DocumentSandbox): Promise<{ width: number; text: string | undefined }> {
    const pdf = await sandbox.openPdf(good);
    try {
      assert.equal(pdf.pageCount, 2);
      const { image, text } = await pdf.readPage(1, { widthPx: 300, maxTextChars: 1000 });
      return { width: image?.width ?? 0, text };
    } finally {
      await pdf.close();
    }
  }

  it('renders a page and reads its text from one load of it, in a worker thread', async () => {
    const sandbox = new DocumentSandbox();
    try {
      const { width, text } = await renderGood(sandbox);
      assert.equal(width, 300);
      assert.deepEqual(text?.split(/\r?\n/), ['hidden line', 'Hello sandbox', 'second line']);
      const pdf = await sandbox.openPdf(good);
      const textOnly = await pdf.readPage(2, { maxTextChars: 4 });
      assert.deepEqual(textOnly, { text: 'page' }, 'text cut to maxTextChars, no image when no width');
      await pdf.close();
      assert.equal(sandbox.threadsStarted, 1);
    } finally {
      await sandbox.close();
    }
  });

  it('a PDF that aborts PDFium fails alone: the next document gets a new renderer', async () => {
    // A small cap makes the runaway allocation fail sooner; the default is 512 MB.
    const sandbox = new DocumentSandbox({ memoryCapBytes: 96 * 1024 * 1024 });
    try {
      const pdf = await sandbox.openPdf(aborting);
      await assert.rejects(pdf.renderPage(1, 300), (error: unknown) => {
        assert.ok(error instanceof PdfRenderError);
        assert.match(error.message, /Aborted|renderer stopped/);
        return true;
      });
      await assert.rejects(
        pdf.renderPage(1, 300),
        /the renderer stopped/,
        'its handle is dead with its thread',
      );
      assert.equal((await renderGood(sandbox)).width, 300);
      assert.equal(sandbox.threadsStarted, 2);
    } finally {
      await sandbox.close();
    }
  });

  it('a page that never finishes is ended by its signal, whatever PDFium is doing; the next document renders', async () => {
    const sandbox = new DocumentSandbox();
    try {
      const pdf = await sandbox.openPdf(hanging);
      const stop = new AbortController();
      const rendering = pdf.renderPage(1, 300, stop.signal);
      // Once the request is on its way the worker is inside PDFium's render, which never returns by itself.
      setImmediate(() => stop.abort(new Error('the test stopped it')));
      await assert.rejects(rendering, (error: unknown) => {
        assert.ok(error instanceof PdfRenderError);
        assert.equal(error.message, 'stopped: the test stopped it');
        return true;
      });
      // The thread itself is gone, not just forgotten (a hung thread never exits).
      while (sandbox.threadsExited < 1) await new Promise((resolve) => setImmediate(resolve));
      assert.equal((await renderGood(sandbox)).width, 300);
      assert.equal(sandbox.threadsStarted, 2);
    } finally {
      await sandbox.close();
    }
  });

  it("PDFium's memory is capped: a page whose bitmap needs more than the cap fails, within it the page renders", async () => {
    const sandbox = new DocumentSandbox({ memoryCapBytes: 40 * 1024 * 1024 });
    try {
      const pdf = await sandbox.openPdf(good);
      // 3,000 px wide on US Letter: a 3,000 × 3,882 RGBA bitmap, 46.6 MB.
      await assert.rejects(pdf.renderPage(1, 3000), PdfRenderError);
      const small = await sandbox.openPdf(good);
      assert.equal((await small.renderPage(1, 1000)).width, 1000, 'a 15.5 MB bitmap fits');
    } finally {
      await sandbox.close();
    }
  });

  it('a damaged PDF is an error of that document; the renderer lives on', async () => {
    const sandbox = new DocumentSandbox();
    try {
      const damaged = path.join(dir, 'damaged.pdf');
      await writeFile(damaged, '%PDF-1.4\nnot really a pdf');
      await assert.rejects(sandbox.openPdf(damaged), /the PDF could not be opened/);
      await assert.rejects(sandbox.openPdf(good, undefined, 10), /more than the 10 bytes/);
      assert.equal((await renderGood(sandbox)).width, 300);
      assert.equal(sandbox.threadsStarted, 1);
    } finally {
      await sandbox.close();
    }
  });
});
