/**
 * The document sandbox's worker thread: PDFium (render and text) and the workbook reader run here, never in the
 * action's own thread. The action ends this thread at the run's deadline or a document's time limit, and its
 * memory is capped: V8's heap by the worker's resourceLimits, PDFium's WebAssembly memory by refusing to grow it
 * past the cap given at start (PDFium's allocation then fails and that document fails). A WebAssembly abort
 * leaves PDFium unusable, so the thread ends itself after answering; the action starts a new one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type OpenPdf, openPdf, PdfRenderError, pdfium } from './pages.ts';
import type { SandboxReply, SandboxRequest, SandboxStart, SandboxValue } from './sandbox-protocol.ts';
import { WorkbookReadError } from './workbook-cells.ts';

const WASM_PAGE_BYTES = 65_536;

/** The parts of the WebAssembly global used here (the project's TypeScript libraries do not declare it). */
interface WebAssemblyGlobal {
  Memory: { prototype: { grow(delta: number): number } };
  RuntimeError: new (...args: never[]) => Error;
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyGlobal }).WebAssembly;
const start = workerData as SandboxStart;

capWebAssemblyMemory(start.memoryCapBytes);
// PDFium's own complaints (a failed allocation, an abort) would land on the step's log; the reply says what failed.
console.error = () => {};
console.warn = () => {};

function capWebAssemblyMemory(capBytes: number): void {
  const grow = wasm.Memory.prototype.grow;
  wasm.Memory.prototype.grow = function (this: { buffer: ArrayBuffer }, delta: number): number {
    if (this.buffer.byteLength + delta * WASM_PAGE_BYTES > capBytes) {
      throw new RangeError(`the renderer's memory cap (${capBytes} bytes) was reached`);
    }
    return grow.call(this, delta);
  };
}

const documents = new Map<number, OpenPdf>();
let nextDocument = 1;

async function answer(request: SandboxRequest): Promise<{ value: SandboxValue; transfer: ArrayBuffer[] }> {
  switch (request.op) {
    case 'start': {
      await pdfium();
      return { value: null, transfer: [] };
    }
    case 'open': {
      const pdf = await openPdf(request.path, request.maxBytes);
      const document = nextDocument++;
      documents.set(document, pdf);
      return { value: { document, pageCount: pdf.pageCount }, transfer: [] };
    }
    case 'page': {
      const pdf = documents.get(request.document);
      if (pdf === undefined) throw new Error(`document ${request.document} is not open`);
      const read = await pdf.readPage(request.page, {
        ...(request.widthPx === undefined ? {} : { widthPx: request.widthPx }),
        text: request.maxTextChars !== undefined,
      });
      const value: SandboxValue = {};
      const transfer: ArrayBuffer[] = [];
      if (read.image) {
        const { width, height, rgba } = read.image;
        value.image = { width, height, rgba };
        if (rgba.buffer instanceof ArrayBuffer) transfer.push(rgba.buffer);
      }
      if (read.text !== undefined) value.text = read.text.slice(0, request.maxTextChars);
      return { value, transfer };
    }
    case 'close': {
      documents.get(request.document)?.close();
      documents.delete(request.document);
      return { value: null, transfer: [] };
    }
    case 'workbook': {
      const { readWorkbookCells } = await import('./workbook-cells.ts');
      return { value: await readWorkbookCells(request.path, request.limits), transfer: [] };
    }
  }
}

function kindOf(error: unknown): 'document' | 'range' | 'other' {
  if (error instanceof PdfRenderError || error instanceof WorkbookReadError) return 'document';
  if (error instanceof RangeError) return 'range';
  return 'other';
}

const port = parentPort;
if (port === null) throw new Error('the document sandbox runs as a worker thread');
port.on('message', async (request: SandboxRequest) => {
  try {
    const { value, transfer } = await answer(request);
    port.postMessage({ id: request.id, ok: true, value } satisfies SandboxReply, transfer);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // An abort of the WebAssembly module (out of memory, a failed check) leaves PDFium unusable.
    const fatal = error instanceof wasm.RuntimeError;
    port.postMessage({
      id: request.id,
      ok: false,
      message,
      kind: kindOf(error),
      fatal,
    } satisfies SandboxReply);
    if (fatal) process.exit(1);
  }
});
