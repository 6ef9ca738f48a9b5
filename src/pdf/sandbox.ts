/**
 * The document sandbox as the action sees it: one worker thread at a time running PDFium and the workbook reader
 * (sandbox-worker.ts), started on first use. Every call takes an AbortSignal: when it fires (the run's deadline, a
 * document's time limit) the thread is ended on the spot, whatever PDFium is doing, and the call fails with the
 * signal's reason. A thread that dies (ended, out of memory, PDFium aborted) fails only the calls in flight; the
 * next call starts a new thread, so one hostile document never costs the others their previews.
 */
import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_PDF_BYTES, type PageImage, PdfRenderError } from './page-image.ts';
import type {
  PageReply,
  SandboxReply,
  SandboxRequest,
  SandboxStart,
  SandboxValue,
} from './sandbox-protocol.ts';
import type { WorkbookLimits, WorkbookRead } from './workbook-cells.ts';

/** PDFium's WebAssembly memory at most: a PDF of DEFAULT_MAX_PDF_BYTES and a page at 2,000 px fit; a runaway page does not. */
export const DEFAULT_MEMORY_CAP_BYTES = 512 * 1024 * 1024;
/** The worker's own V8 heap (text, workbook cells), in MB. */
const HEAP_CAP_MB = 512;
/** In the bundle the worker is a bundle of its own beside the chunks (see the build scripts). */
const BUNDLED_WORKER = 'sandbox-worker/index.js';

export interface SandboxOptions {
  memoryCapBytes?: number;
}

type RequestBody = SandboxRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

interface Pending {
  resolve: (value: SandboxValue) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Why the thread ended, once it has. */
  ended?: string;
}

/** A PDF open in the sandbox. Its calls fail once the thread that opened it has ended. */
export interface SandboxedPdf {
  readonly pageCount: number;
  /** The page's image (when `widthPx` is given) and its text (when `maxTextChars` is), from one load of it. */
  readPage(
    pageNumber: number,
    want: { widthPx?: number; maxTextChars?: number },
    signal?: AbortSignal,
  ): Promise<{ image?: PageImage; text?: string }>;
  renderPage(pageNumber: number, widthPx: number, signal?: AbortSignal): Promise<PageImage>;
  close(): Promise<void>;
}

export class DocumentSandbox {
  readonly #memoryCapBytes: number;
  #thread: Thread | undefined;
  #nextId = 1;
  /** Threads started so far (the first, and one after each that ended). */
  threadsStarted = 0;
  /** Threads that have exited (ended, crashed or closed). */
  threadsExited = 0;

  constructor(options: SandboxOptions = {}) {
    this.#memoryCapBytes = options.memoryCapBytes ?? DEFAULT_MEMORY_CAP_BYTES;
  }

  /** Opens a PDF; throws PdfRenderError when it cannot be read, is over `maxBytes`, or the sandbox stopped. */
  async openPdf(file: string, signal?: AbortSignal, maxBytes = DEFAULT_MAX_PDF_BYTES): Promise<SandboxedPdf> {
    const thread = this.#threadFor();
    const opened = (await this.#call(thread, { op: 'open', path: file, maxBytes }, signal)) as {
      document: number;
      pageCount: number;
    };
    const readPage: SandboxedPdf['readPage'] = async (pageNumber, want, pageSignal) => {
      if (thread.ended !== undefined) throw new PdfRenderError(`the renderer stopped: ${thread.ended}`);
      const reply = (await this.#call(
        thread,
        { op: 'page', document: opened.document, page: pageNumber, ...want },
        pageSignal,
      )) as PageReply;
      const read: { image?: PageImage; text?: string } = {};
      if (reply.image) read.image = { pageNumber, ...reply.image };
      if (reply.text !== undefined) read.text = reply.text;
      return read;
    };
    return {
      pageCount: opened.pageCount,
      readPage,
      async renderPage(pageNumber, widthPx, pageSignal) {
        const { image } = await readPage(pageNumber, { widthPx }, pageSignal);
        return image as PageImage;
      },
      close: async () => {
        if (thread.ended !== undefined) return;
        await this.#call(thread, { op: 'close', document: opened.document });
      },
    };
  }

  /**
   * Starts the thread and PDFium if they are not running (a thread ended by the last document is replaced), so
   * that a document's own time limit is not spent on the sandbox's start.
   */
  async ready(signal?: AbortSignal): Promise<void> {
    await this.#call(this.#threadFor(), { op: 'start' }, signal);
  }

  /** A workbook's cells, read in the sandbox; throws when it cannot be read or the sandbox stopped. */
  async readWorkbook(file: string, limits: WorkbookLimits, signal?: AbortSignal): Promise<WorkbookRead> {
    return (await this.#call(
      this.#threadFor(),
      { op: 'workbook', path: file, limits },
      signal,
    )) as WorkbookRead;
  }

  /** Ends the thread (pending calls fail). The sandbox can be used again: a new thread starts. */
  async close(): Promise<void> {
    const thread = this.#thread;
    if (thread === undefined) return;
    this.#end(thread, 'the sandbox was closed');
    await thread.worker.terminate();
  }

  #threadFor(): Thread {
    if (this.#thread !== undefined && this.#thread.ended === undefined) return this.#thread;
    const start: SandboxStart = { memoryCapBytes: this.#memoryCapBytes };
    const worker = new Worker(workerUrl(), {
      workerData: start,
      resourceLimits: { maxOldGenerationSizeMb: HEAP_CAP_MB },
      stdout: true,
      stderr: true,
    });
    // Nothing the worker prints reaches the step's log: it may echo a document's content.
    worker.stdout.resume();
    worker.stderr.resume();
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (reply: SandboxReply) => {
      const pending = thread.pending.get(reply.id);
      thread.pending.delete(reply.id);
      if (!reply.ok && reply.fatal) this.#end(thread, `PDFium stopped (${reply.message})`);
      if (pending === undefined) return;
      if (reply.ok) pending.resolve(reply.value);
      else if (reply.kind === 'range') pending.reject(new RangeError(reply.message));
      else pending.reject(new PdfRenderError(reply.message));
    });
    worker.on('error', (error) => this.#end(thread, describeDeath(error)));
    worker.on('exit', (code) => {
      this.threadsExited++;
      this.#end(thread, `it exited with code ${code}`);
    });
    // An idle thread must not keep the action's process alive.
    worker.unref();
    this.#thread = thread;
    this.threadsStarted++;
    return thread;
  }

  #call(thread: Thread, body: RequestBody, signal?: AbortSignal): Promise<SandboxValue> {
    if (thread.ended !== undefined) {
      return Promise.reject(new PdfRenderError(`the renderer stopped: ${thread.ended}`));
    }
    if (signal?.aborted) return Promise.reject(stoppedBy(signal));
    const id = this.#nextId++;
    return new Promise<SandboxValue>((resolve, reject) => {
      const onAbort = () => {
        // PDFium cannot be interrupted inside a page: the thread goes, and with it anything else it held.
        this.#end(thread, `stopped: ${reasonText(signal?.reason)}`);
        void thread.worker.terminate();
      };
      const settle =
        <T>(then: (value: T) => void) =>
        (value: T) => {
          signal?.removeEventListener('abort', onAbort);
          then(value);
        };
      thread.pending.set(id, {
        resolve: settle(resolve),
        reject: settle((error: Error) => reject(signal?.aborted ? stoppedBy(signal) : error)),
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      thread.worker.ref();
      thread.worker.postMessage({ id, ...body } as SandboxRequest);
    }).finally(() => {
      if (thread.pending.size === 0 && thread.ended === undefined) thread.worker.unref();
    });
  }

  #end(thread: Thread, why: string): void {
    if (thread.ended !== undefined) return;
    thread.ended = why;
    for (const pending of thread.pending.values()) {
      pending.reject(new PdfRenderError(`the renderer stopped: ${why}`));
    }
    thread.pending.clear();
    if (this.#thread === thread) this.#thread = undefined;
  }
}

function workerUrl(): URL {
  const here = import.meta.url;
  // Run from the sources (tests, bench), the worker is the TypeScript file beside this one.
  return here.endsWith('.ts') ? new URL('./sandbox-worker.ts', here) : new URL(BUNDLED_WORKER, here);
}

function describeDeath(error: Error): string {
  const code = (error as { code?: string }).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return 'it ran out of its memory cap';
  return error.message;
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

function stoppedBy(signal: AbortSignal): PdfRenderError {
  return new PdfRenderError(`stopped: ${reasonText(signal.reason)}`);
}
