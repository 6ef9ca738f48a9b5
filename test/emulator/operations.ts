/**
 * Async conversion operations: a FIFO of Created operations, at most `capacity` in Started, each finishing after
 * its simulated work time with deterministic outputs. Close aborts every timer and stream.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { extensionOf, isSupportedPair, stemOf } from './formats.ts';
import { missingKeyMessage } from './http-util.ts';
import { plannedOutputs, renderOutput } from './outputs.ts';
import type { StatsRecorder } from './stats.ts';
import type { Storage } from './storage.ts';
import type { AnswerForms, EmulatorOptions, OperationStats } from './types.ts';

export type OperationStatus = 'Created' | 'Started' | 'Finished' | 'Failed' | 'Canceled';

export interface ConvertedFile {
  /** As sent to the client; hostile for `escape` inputs. */
  name: string;
  size: number;
  path: string | null;
  url: string | null;
  /** Where the bytes really are on disk. */
  file: string;
}

export interface OperationSpec {
  /** Storage key of the input (ConvertAndSave / Convert) or the uploaded file name (direct). */
  sourceName: string;
  /** The input's format when its name does not tell it (a direct upload named `file.name`); '' when unknown. */
  sourceFormat?: string;
  inputFile: string;
  format: string;
  storageName: string;
  /** Storage folder for results; '' keeps them out of storage (method Convert, fetched via /async/result). */
  outputKey: string;
  pagesCount?: number;
  fontsPath?: string;
}

export interface Operation extends OperationSpec {
  id: string;
  method: 'Convert' | 'ConvertAndSave';
  status: OperationStatus;
  created: number;
  started?: number;
  finished?: number;
  failed?: number;
  results: ConvertedFile[];
  error?: string;
  stats: OperationStats;
  /** Disk folder for results when outputKey is ''. */
  privateDir: string;
}

export const corruptMessage = 'Document is corrupted or has an unsupported format';

interface ConversionsDeps {
  options: () => EmulatorOptions;
  storage: Storage;
  stats: StatsRecorder;
  random: () => number;
}

/** Wall-clock ms derived from the monotonic clock. */
const wallNow = () => performance.timeOrigin + performance.now();

export class Conversions {
  readonly #deps: ConversionsDeps;
  readonly #byId = new Map<string, Operation>();
  readonly #waiting: Operation[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #closing = new AbortController();
  #running = 0;

  constructor(deps: ConversionsDeps) {
    this.#deps = deps;
  }

  get running(): number {
    return this.#running;
  }

  get(id: string): Operation | undefined {
    return this.#byId.get(id);
  }

  create(spec: OperationSpec, inputBytes: number): Operation {
    const id = randomUUID();
    const stats: OperationStats = {
      id,
      filePath: spec.sourceName,
      format: spec.format,
      inputBytes,
      createdAt: performance.now(),
      status: 'Created',
      workMs: 0,
      ...(spec.fontsPath === undefined ? {} : { fontsPath: spec.fontsPath }),
    };
    const operation: Operation = {
      ...spec,
      id,
      method: spec.outputKey === '' ? 'Convert' : 'ConvertAndSave',
      status: 'Created',
      created: wallNow(),
      results: [],
      stats,
      privateDir: join(this.#deps.storage.directDir(id), 'out'),
    };
    this.#byId.set(id, operation);
    this.#deps.stats.addOperation(stats);
    this.#waiting.push(operation);
    this.pump();
    return operation;
  }

  /** Starts waiting operations while slots are free; also called on every request so a raised capacity applies. */
  pump(): void {
    if (this.#closing.signal.aborted) return;
    const capacity = Math.max(1, Math.floor(this.#deps.options().capacity ?? 8));
    while (this.#running < capacity) {
      const next = this.#waiting.shift();
      if (next === undefined) return;
      this.#start(next);
    }
  }

  async close(): Promise<void> {
    this.#closing.abort();
    this.#waiting.length = 0;
    await Promise.allSettled([...this.#inFlight]);
  }

  #start(operation: Operation): void {
    this.#running++;
    this.#deps.stats.noteRunning(this.#running);
    operation.status = 'Started';
    operation.started = wallNow();
    operation.stats.status = 'Started';
    operation.stats.startedAt = performance.now();
    const work = this.#convert(operation).catch((error: unknown) => {
      if (this.#closing.signal.aborted) return;
      this.#end(operation, `Emulator failure: ${(error as Error).message}`);
    });
    this.#inFlight.add(work);
    work.finally(() => this.#inFlight.delete(work));
  }

  async #convert(operation: Operation): Promise<void> {
    const signal = this.#closing.signal;
    const inputName = operation.sourceName.split('/').pop() ?? '';
    if (/hang/i.test(inputName)) return; // stays Started for ever, holding its slot

    const inputBytes = await stat(operation.inputFile).then(
      (info) => (info.isFile() ? info.size : undefined),
      () => undefined,
    );
    if (inputBytes === undefined) return this.#end(operation, missingKeyMessage);
    operation.stats.inputBytes = inputBytes;
    const source = operation.sourceFormat ?? extensionOf(inputName);
    if (!isSupportedPair(source, operation.format)) {
      return this.#end(
        operation,
        `Conversion from '${source || 'unknown'}' to '${operation.format}' is not supported`,
      );
    }

    const options = this.#deps.options();
    const timing = options.conversion ?? {};
    const workMs =
      (timing.fixedMs ?? 50) +
      (timing.perKbMs ?? 0) * (inputBytes / 1024) +
      (timing.jitterMs ?? 0) * this.#deps.random();
    operation.stats.workMs = workMs;
    const [sha256] = await Promise.all([
      sha256Of(operation.inputFile, signal),
      sleep(workMs, undefined, { signal }),
    ]);
    if (/corrupt/i.test(inputName)) return this.#end(operation, corruptMessage);

    const hostileName = /escape/i.test(inputName);
    const stem = hostileName ? 'escaped' : stemOf(inputName);
    const pages = Math.max(1, Math.min(options.pages ?? 3, operation.pagesCount ?? Number.POSITIVE_INFINITY));
    const sourceText = operation.format === 'pdf' ? await sourceTextOf(operation.inputFile) : undefined;
    for (const planned of plannedOutputs(stem, operation.format, pages)) {
      const lines = [`source: ${operation.sourceName}`, `sha256: ${sha256}`];
      if (planned.page !== undefined) lines.push(`page: ${planned.page}`);
      const content = renderOutput(operation.format, lines, sourceText);
      const appended = options.largeOutputs ? operation.inputFile : undefined;
      const name = hostileName ? `../../${planned.name}` : planned.name;
      operation.results.push(await this.#store(operation, planned.name, name, content, appended, signal));
    }
    this.#end(operation);
  }

  async #store(
    operation: Operation,
    safeName: string,
    name: string,
    content: Buffer,
    appendFrom: string | undefined,
    signal: AbortSignal,
  ): Promise<ConvertedFile> {
    const { storage } = this.#deps;
    if (operation.outputKey === '') {
      await mkdir(operation.privateDir, { recursive: true });
      const file = join(operation.privateDir, safeName);
      const size = await writeOutput(file, content, appendFrom, signal);
      return { name, size, path: null, url: null, file };
    }
    const temp = storage.tempPath();
    await writeOutput(temp, content, appendFrom, signal);
    const safeKey = `${operation.outputKey}/${safeName}`;
    const size = await storage.commit(temp, safeKey, operation.storageName);
    // A hostile name over a path that downloads fine: only the client's own check stands between it and the disk.
    return {
      name,
      size,
      path: safeKey,
      url: `${operation.storageName || 'Storage'}:${safeKey}`,
      file: storage.pathOf(safeKey, operation.storageName),
    };
  }

  #end(operation: Operation, error?: string): void {
    this.#running--;
    const now = wallNow();
    if (error === undefined) {
      operation.status = 'Finished';
      operation.finished = now;
    } else {
      operation.status = 'Failed';
      operation.failed = now;
      operation.error = error;
      operation.results = [];
    }
    operation.stats.status = operation.status;
    operation.stats.finishedAt = performance.now();
    this.pump();
  }
}

/** The statuses in the order the Python SDK numbers them (models/operation_result.py). */
const NUMBERED_STATUSES: readonly OperationStatus[] = [
  'Created',
  'Started',
  'Failed',
  'Canceled',
  'Finished',
];

/** The documented OperationResult body, in the answer forms asked for; `origin` builds full result URLs. */
export function operationResultBody(
  operation: Operation,
  answers: AnswerForms = {},
  origin = 'http://127.0.0.1',
): Record<string, unknown> {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  return {
    id: operation.id,
    method: operation.method,
    status: answers.numericStatus ? NUMBERED_STATUSES.indexOf(operation.status) : operation.status,
    created: iso(operation.created),
    started: iso(operation.started),
    finished: iso(operation.finished),
    failed: iso(operation.failed),
    result:
      operation.status === 'Finished'
        ? operation.results.map((file) => resultItem(file, operation.storageName, answers, origin))
        : undefined,
    error: operation.error,
  };
}

/** One StoredConvertedResult: `{name, size, path, url}`, `path` left out and `url` shaped as `answers` ask. */
function resultItem(
  file: ConvertedFile,
  storageName: string,
  answers: AnswerForms,
  origin: string,
): Record<string, unknown> {
  const { name, size, path } = file;
  let url = file.url;
  if (path !== null && answers.url === 'key') url = path;
  if (path !== null && answers.url === 'full') {
    const query = storageName === '' ? '' : `?storageName=${encodeURIComponent(storageName)}`;
    url = `${answers.urlOrigin ?? origin}/v2.0/conversion/storage/file/${path.split('/').map(encodeURIComponent).join('/')}${query}`;
  }
  return answers.omitPath ? { name, size, url } : { name, size, path, url };
}

async function sha256Of(file: string, signal: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes `content`, then (for largeOutputs) the whole input streamed after it; returns the bytes written. */
async function writeOutput(
  file: string,
  content: Buffer,
  appendFrom: string | undefined,
  signal: AbortSignal,
): Promise<number> {
  async function* body() {
    yield content;
    if (appendFrom !== undefined) yield* createReadStream(appendFrom, { signal });
  }
  await pipeline(Readable.from(body()), createWriteStream(file), { signal });
  return (await stat(file)).size;
}

/** Text a PDF stand-in shows: the start of the source as UTF-8, or nothing for a binary source (one with NUL bytes). */
const SOURCE_TEXT_BYTES = 256 * 1024;

async function sourceTextOf(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SOURCE_TEXT_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SOURCE_TEXT_BYTES, 0);
    const head = buffer.subarray(0, bytesRead);
    return head.includes(0) ? '' : head.toString('utf8');
  } finally {
    await handle.close();
  }
}
