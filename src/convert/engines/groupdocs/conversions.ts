import { stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { DownloadLimit } from '../../download-budget.ts';
import { downloadTo } from './download.ts';
import { isRecord, pick, type Redact } from './errors.ts';
import { MAX_FORMAT_LIST_BYTES, parseFormats, type SupportedFormat } from './format-list.ts';
import { type ProgressReporter, readText } from './http.ts';
import { multipartFileBody, multipartFileForm } from './multipart.ts';
import { type OperationResult, parseOperation } from './operation.ts';
import { type CallContext, type ServiceCalls, unexpectedAnswer } from './service-calls.ts';
import { normalizeStorageKey } from './storage-key.ts';

export interface ConvertRequest {
  filePath: string;
  format: string;
  outputPath: string;
  loadOptions?: Record<string, unknown>;
  convertOptions?: Record<string, unknown>;
  /** Storage folder of extra fonts the service may use for this conversion. */
  fontsPath?: string;
}

/** Conversions: start (from storage, or with the document), status, the direct flow's result, the format list. */
export class ConversionsApi {
  readonly #service: ServiceCalls;

  constructor(service: ServiceCalls) {
    this.#service = service;
  }

  /**
   * Start an asynchronous convert-and-save; returns the operation id.
   * Not idempotent: repeated only when the server never saw the request or declined it with 429/503.
   */
  async startConversion(request: ConvertRequest, signal: AbortSignal): Promise<string> {
    const context = {
      operation: 'start conversion',
      kind: 'start' as const,
      storageKey: request.filePath,
      idempotent: false,
    };
    const service = this.#service;
    return service.send(context, signal, () => {
      const settings: Record<string, unknown> = {
        filePath: normalizeStorageKey(request.filePath),
        format: request.format,
        outputPath: request.outputPath === '' ? '' : normalizeStorageKey(request.outputPath),
      };
      if (service.storageName !== undefined) settings.storageName = service.storageName;
      if (request.loadOptions !== undefined) settings.loadOptions = request.loadOptions;
      if (request.convertOptions !== undefined) settings.convertOptions = request.convertOptions;
      if (request.fontsPath !== undefined) settings.fontsPath = normalizeStorageKey(request.fontsPath);
      const body = Buffer.from(JSON.stringify(settings), 'utf8');
      return {
        method: 'POST',
        url: new URL('conversion/async', service.apiRoot),
        headers: { 'content-type': 'application/json', 'content-length': body.length },
        body,
        read: async (response, progress) => readOperationId(response, progress, context, service.redact),
      };
    });
  }

  /**
   * Start an asynchronous conversion of a local file sent with the request, streamed from disk (the direct flow:
   * nothing goes to storage, so nothing is left to delete); returns the operation id. Its result is fetched with
   * downloadResult. Meant for targets that give one file. Not idempotent, so repeated like startConversion.
   */
  async startDirectConversion(
    localPath: string,
    fileName: string,
    format: string,
    signal: AbortSignal,
  ): Promise<string> {
    const context = {
      operation: 'start conversion',
      kind: 'start' as const,
      storageKey: fileName,
      idempotent: false,
    };
    const service = this.#service;
    return service.send(context, signal, async () => {
      const url = new URL('conversion/async', service.apiRoot);
      url.searchParams.set('format', format);
      const { size } = await stat(localPath);
      const form = multipartFileForm('File', fileName, size);
      return {
        method: 'PUT',
        url,
        headers: { 'content-type': form.contentType, 'content-length': form.contentLength },
        body: () => multipartFileBody(form, localPath, size),
        read: async (response, progress) => readOperationId(response, progress, context, service.redact),
      };
    });
  }

  /** Stream the result of a finished direct conversion to localPath; the file appears only once complete. */
  async downloadResult(
    operationId: string,
    localPath: string,
    signal: AbortSignal,
    limit?: DownloadLimit,
  ): Promise<void> {
    const url = new URL('conversion/async/result', this.#service.apiRoot);
    url.searchParams.set('id', operationId);
    const context: CallContext = { operation: 'download', kind: 'download', idempotent: true };
    await downloadTo(this.#service, context, url, localPath, signal, limit);
  }

  /** One status check of an asynchronous operation. */
  async getOperation(operationId: string, signal: AbortSignal): Promise<OperationResult> {
    const context = { operation: 'status', kind: 'status' as const, idempotent: true };
    const service = this.#service;
    return service.send(context, signal, () => {
      const url = new URL('conversion/async', service.apiRoot);
      url.searchParams.set('id', operationId);
      return {
        method: 'GET',
        url,
        read: async (response, progress) =>
          parseOperation(
            await service.readJson(response, progress, context),
            operationId,
            context,
            service.redact,
          ),
      };
    });
  }

  /** Every source format the service reads, with the formats it can convert each into. */
  async getSupportedFormats(signal: AbortSignal): Promise<SupportedFormat[]> {
    const context = { operation: 'list formats', kind: 'formats' as const, idempotent: true };
    const service = this.#service;
    return service.send(context, signal, () => ({
      method: 'GET',
      url: new URL('conversion/formats', service.apiRoot),
      read: async (response, progress) =>
        parseFormats(await service.readJson(response, progress, context, MAX_FORMAT_LIST_BYTES), context),
    }));
  }
}

/** An operation id is a GUID; an answer that is not a JSON string is taken as an id only in this shape. */
const BARE_OPERATION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** The start's answer is an id; far larger is not one. */
const MAX_START_ANSWER_BYTES = 64 * 1024;

/**
 * The id a start answers: documented as a JSON string (`"ecbfa56b-…"`); an object with `id` is read too. The
 * Python SDK falls back to the raw text when the answer is not JSON, so bare text that looks like an id is one.
 */
async function readOperationId(
  response: IncomingMessage,
  progress: ProgressReporter,
  context: CallContext,
  redact: Redact,
): Promise<string> {
  const { text, truncated } = await readText(response, progress, MAX_START_ANSWER_BYTES);
  if (truncated) throw unexpectedAnswer(context, `an answer larger than ${MAX_START_ANSWER_BYTES} bytes`);
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    // Not JSON: the Python SDK takes the raw text as the id.
    const bare = text.trim();
    if (BARE_OPERATION_ID.test(bare)) return bare;
    const start = redact(text.slice(0, 1000)).slice(0, 200);
    throw unexpectedAnswer(
      context,
      `an answer that is neither JSON nor an operation id: ${JSON.stringify(start)}`,
    );
  }
  // The documented JSON string, or an object with `id`.
  const id = typeof answer === 'string' ? answer : isRecord(answer) ? pick(answer, 'id') : undefined;
  if (typeof id === 'string' && id.trim() !== '') return id.trim();
  // A number is JSON too; the Python SDK reads it as its text.
  if (typeof answer === 'number' && BARE_OPERATION_ID.test(text.trim())) return text.trim();
  throw unexpectedAnswer(context, 'no operation id');
}
