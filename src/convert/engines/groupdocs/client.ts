import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DownloadLimit } from '../../download-budget.ts';
import { MAX_RESULTS_PER_JOB } from '../../output-claims.ts';
import { ApiCallAccount, type ApiCallKind } from './call-account.ts';
import {
  errorCode,
  GroupDocsApiError,
  isRecord,
  networkFailure,
  parseErrorBody,
  pick,
  type Redact,
  Redactor,
  serverAnswerError,
  TransportError,
} from './errors.ts';
import { Connections, exchange, type ProgressReporter, readText } from './http.ts';
import { multipartFileBody, multipartFileForm } from './multipart.ts';
import { backoffDelay, MAX_RETRY_AFTER_MS, type RetryPolicy, resolveRetryPolicy, sleep } from './retry.ts';
import {
  encodeStorageKey,
  InvalidStorageKeyError,
  normalizeStorageKey,
  storageKeyFileName,
} from './storage-key.ts';
import { AccessTokenSource } from './token.ts';

export { GroupDocsApiError } from './errors.ts';

export interface GroupDocsClientOptions {
  /**
   * With or without trailing slash, may have a path prefix (http://proxy/gd/).
   * API root {base}/v2.0, token at {base}/connect/token.
   */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** '' or undefined = default storage; sent as storageName query/body field when set. */
  storageName?: string;
  /**
   * Defaults: 6 attempts, 500 ms base delay, 15000 ms maximum backoff delay. A server's Retry-After is waited out
   * in full (the caller's AbortSignal bounds it); one over 10 minutes ends the call at once.
   */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Abort an attempt that makes no progress for this long (default 120000). A timeout is retryable. */
  requestTimeoutMs?: number;
  /** Per-request detail (method, path, status, attempt, ms); never the token, the secret or the request bodies. */
  debug?: (message: string) => void;
  /** Jitter source in [0, 1), injectable for tests. */
  random?: () => number;
  /** Clock for token expiry (ms since epoch), injectable for tests. */
  now?: () => number;
  /** More values to redact from everything the server says (document passwords echoed in its errors). */
  secrets?: readonly string[];
  /** Called with every new access token before it is used, e.g. to register it as a secret to mask in logs. */
  onToken?: (token: string) => void;
  /** Waits between attempts; rejects with the signal's reason when it aborts. Injectable for tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * HTTP_PROXY / HTTPS_PROXY / NO_PROXY (or lower-case) as the runner environment read them; default none. Proxies are
   * honoured without NODE_USE_ENV_PROXY; loopback hosts are always reached directly (see Connections).
   */
  proxyEnv?: Readonly<Record<string, string | undefined>>;
  /** Where every request sent is counted (each attempt, the token's too); a fresh one unless given. */
  account?: ApiCallAccount;
}

export interface ConvertRequest {
  filePath: string;
  format: string;
  outputPath: string;
  loadOptions?: Record<string, unknown>;
  convertOptions?: Record<string, unknown>;
  /** Storage folder of extra fonts the service may use for this conversion. */
  fontsPath?: string;
}

export type OperationStatus = 'Created' | 'Started' | 'Finished' | 'Failed' | 'Canceled';

export interface StoredResult {
  name: string;
  path: string;
  size: number;
  url?: string;
}

export interface OperationResult {
  id: string;
  status: OperationStatus;
  result: StoredResult[];
  error?: string;
  /** Timestamps as the server sent them (ISO 8601), when present. */
  created?: string;
  started?: string;
  finished?: string;
  failed?: string;
  canceled?: string;
}

const OPERATION_TIMESTAMPS = ['created', 'started', 'finished', 'failed', 'canceled'] as const;

export interface SupportedFormat {
  sourceFormat: string;
  targetFormats: string[];
}

interface CallContext {
  operation: string;
  /** What the request is billed as, in the call account. */
  kind: ApiCallKind;
  storageKey?: string;
  /**
   * Repeating the request cannot do harm. A request that is not (starting a conversion) is repeated only when the
   * server provably never saw it or declined it; see #mayRepeat.
   */
  idempotent: boolean;
  /** A 404 means the thing is already gone, which is what a delete wants. */
  absentIsSuccess?: boolean;
}

interface RequestPlan<T> {
  method: string;
  url: URL;
  headers?: Record<string, string | number>;
  body?: Buffer | (() => AsyncIterable<Uint8Array>);
  /** Reads a 2xx answer. */
  read: (response: IncomingMessage, progress: ProgressReporter) => Promise<T>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
const MAX_JSON_BYTES = 16 * 1024 * 1024;
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/**
 * The real format list is tens of KiB (about 50 sources, each with up to about 100 targets); far larger is
 * treated as an unreadable list rather than parsed, logged and searched.
 */
const MAX_FORMAT_LIST_BYTES = 1024 * 1024;
const MAX_SOURCE_FORMATS = 1000;
const MAX_TARGETS_PER_SOURCE = 1000;
/** A format name as the service spells one (`docx`, `tiff`, `html5`); anything else is not a format and is dropped. */
const FORMAT_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,15}$/;
const USER_AGENT = 'convert-documents-action';
const OPERATION_STATUSES: readonly OperationStatus[] = [
  'Created',
  'Started',
  'Finished',
  'Failed',
  'Canceled',
];

/**
 * HTTP client for GroupDocs.Conversion Cloud v2.0: authentication, retries with backoff, streaming uploads and
 * downloads in bounded memory, cancellation, and errors that say what failed and why.
 */
export class GroupDocsClient {
  readonly #apiRoot: URL;
  readonly #storageName: string | undefined;
  readonly #retry: RetryPolicy;
  readonly #idleTimeoutMs: number;
  readonly #random: () => number;
  readonly #log: (line: string) => void;
  readonly #tokens: AccessTokenSource;
  readonly #redactor: Redactor;
  readonly #connections: Connections;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Every request this client sent, by kind. */
  readonly calls: ApiCallAccount;

  constructor(options: GroupDocsClientOptions) {
    const base = serviceBase(options.baseUrl);
    this.#apiRoot = new URL('v2.0/', base);
    this.#storageName = options.storageName === '' ? undefined : options.storageName;
    this.#retry = resolveRetryPolicy(options.retry);
    this.#idleTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? sleep;
    this.#redactor = new Redactor([options.clientSecret, ...(options.secrets ?? [])]);
    this.#connections = new Connections(options.proxyEnv);
    this.calls = options.account ?? new ApiCallAccount();
    const debug = options.debug;
    const redact = this.#redactor.redact;
    this.#log = debug === undefined ? () => {} : (line) => debug(redact(line));
    this.#tokens = new AccessTokenSource({
      tokenUrl: new URL('connect/token', base),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      idleTimeoutMs: this.#idleTimeoutMs,
      now: options.now ?? Date.now,
      log: this.#log,
      redactor: this.#redactor,
      connections: this.#connections,
      onToken: options.onToken,
      account: this.calls,
    });
  }

  /** PUT the local file to storage as multipart/form-data (part `File`), streamed from disk. */
  async uploadFile(localPath: string, storageKey: string, signal: AbortSignal): Promise<void> {
    const context = { operation: 'upload', kind: 'upload' as const, storageKey, idempotent: true };
    await this.#send(context, signal, async () => {
      const url = this.#storageUrl('conversion/storage/file/', storageKey);
      // Measured on every attempt: each attempt re-opens the file.
      const { size } = await stat(localPath);
      const form = multipartFileForm('File', storageKeyFileName(storageKey), size);
      return {
        method: 'PUT',
        url,
        headers: { 'content-type': form.contentType, 'content-length': form.contentLength },
        body: () => multipartFileBody(form, localPath, size),
        read: async (response, progress) => {
          const answer = await readJson(response, progress, context, this.#redactor.redact);
          const errors = isRecord(answer) ? pick(answer, 'errors') : undefined;
          if (Array.isArray(errors) && errors.length > 0) {
            const detail = uploadErrorDetail(errors, this.#redactor.redact);
            throw new GroupDocsApiError({
              ...context,
              status: response.statusCode,
              code: detail.code,
              serverMessage: detail.message ?? 'the server reported an upload error',
              retryable: false,
            });
          }
        },
      };
    });
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
    return this.#send(context, signal, () => {
      const settings: Record<string, unknown> = {
        filePath: normalizeStorageKey(request.filePath),
        format: request.format,
        outputPath: request.outputPath === '' ? '' : normalizeStorageKey(request.outputPath),
      };
      if (this.#storageName !== undefined) settings.storageName = this.#storageName;
      if (request.loadOptions !== undefined) settings.loadOptions = request.loadOptions;
      if (request.convertOptions !== undefined) settings.convertOptions = request.convertOptions;
      if (request.fontsPath !== undefined) settings.fontsPath = normalizeStorageKey(request.fontsPath);
      const body = Buffer.from(JSON.stringify(settings), 'utf8');
      return {
        method: 'POST',
        url: new URL('conversion/async', this.#apiRoot),
        headers: { 'content-type': 'application/json', 'content-length': body.length },
        body,
        read: async (response, progress) =>
          operationIdOf(await readJson(response, progress, context, this.#redactor.redact), context),
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
    return this.#send(context, signal, async () => {
      const url = new URL('conversion/async', this.#apiRoot);
      url.searchParams.set('format', format);
      const { size } = await stat(localPath);
      const form = multipartFileForm('File', fileName, size);
      return {
        method: 'PUT',
        url,
        headers: { 'content-type': form.contentType, 'content-length': form.contentLength },
        body: () => multipartFileBody(form, localPath, size),
        read: async (response, progress) =>
          operationIdOf(await readJson(response, progress, context, this.#redactor.redact), context),
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
    const url = new URL('conversion/async/result', this.#apiRoot);
    url.searchParams.set('id', operationId);
    await this.#download(
      { operation: 'download', kind: 'download', idempotent: true },
      url,
      localPath,
      signal,
      limit,
    );
  }

  /** One status check of an asynchronous operation. */
  async getOperation(operationId: string, signal: AbortSignal): Promise<OperationResult> {
    const context = { operation: 'status', kind: 'status' as const, idempotent: true };
    return this.#send(context, signal, () => {
      const url = new URL('conversion/async', this.#apiRoot);
      url.searchParams.set('id', operationId);
      return {
        method: 'GET',
        url,
        read: async (response, progress) =>
          parseOperation(
            await readJson(response, progress, context, this.#redactor.redact),
            operationId,
            context,
            this.#redactor.redact,
          ),
      };
    });
  }

  /**
   * Stream a stored file to localPath; the file appears only once complete. With a limit, a download that passes it
   * (by its Content-Length, or as bytes arrive) is stopped, its partial file removed, and not repeated.
   */
  async downloadFile(
    storageKey: string,
    localPath: string,
    signal: AbortSignal,
    limit?: DownloadLimit,
  ): Promise<void> {
    const context: CallContext = { operation: 'download', kind: 'download', storageKey, idempotent: true };
    // Built inside #send, so a bad key fails as this call's error.
    await this.#download(
      context,
      () => this.#storageUrl('conversion/storage/file/', storageKey),
      localPath,
      signal,
      limit,
    );
  }

  async #download(
    context: CallContext,
    url: URL | (() => URL),
    localPath: string,
    signal: AbortSignal,
    limit?: DownloadLimit,
  ): Promise<void> {
    const target = path.resolve(localPath);
    const refuse = (reason: string) =>
      new GroupDocsApiError({ ...context, code: 'DOWNLOAD_LIMIT', reason, retryable: false });
    await this.#send(context, signal, async () => {
      await mkdir(path.dirname(target), { recursive: true });
      return {
        method: 'GET',
        url: typeof url === 'function' ? url() : url,
        headers: { accept: '*/*' },
        read: (response, progress) => saveBody(response, progress, target, limit, refuse),
      };
    });
  }

  /** Whether a file (or folder) is in storage. */
  async fileExists(storageKey: string, signal: AbortSignal): Promise<boolean> {
    const context: CallContext = { operation: 'exists', kind: 'exists', storageKey, idempotent: true };
    return this.#send(context, signal, () => ({
      method: 'GET',
      url: this.#storageUrl('conversion/storage/exist/', storageKey),
      read: async (response, progress) => {
        const answer = await readJson(response, progress, context, this.#redactor.redact);
        const exists = isRecord(answer) ? pick(answer, 'exists') : undefined;
        if (typeof exists !== 'boolean') throw unexpectedAnswer(context, 'no "exists" field');
        return exists;
      },
    }));
  }

  /** Delete a stored file. A file that is already gone counts as deleted. */
  async deleteFile(storageKey: string, signal: AbortSignal): Promise<void> {
    const context = {
      operation: 'delete file',
      kind: 'delete' as const,
      storageKey,
      idempotent: true,
      absentIsSuccess: true,
    };
    await this.#send(context, signal, () => ({
      method: 'DELETE',
      url: this.#storageUrl('conversion/storage/file/', storageKey),
      read: async (response, progress) => {
        await readText(response, progress, MAX_ERROR_BODY_BYTES);
      },
    }));
  }

  /** Delete a stored folder and everything in it. A folder that is already gone counts as deleted. */
  async deleteFolder(storageKey: string, signal: AbortSignal): Promise<void> {
    const context = {
      operation: 'delete folder',
      kind: 'delete' as const,
      storageKey,
      idempotent: true,
      absentIsSuccess: true,
    };
    await this.#send(context, signal, () => {
      const url = this.#storageUrl('conversion/storage/folder/', storageKey);
      url.searchParams.set('recursive', 'true');
      return {
        method: 'DELETE',
        url,
        read: async (response, progress) => {
          await readText(response, progress, MAX_ERROR_BODY_BYTES);
        },
      };
    });
  }

  /** Every source format the service reads, with the formats it can convert each into. */
  async getSupportedFormats(signal: AbortSignal): Promise<SupportedFormat[]> {
    const context = { operation: 'list formats', kind: 'formats' as const, idempotent: true };
    return this.#send(context, signal, () => ({
      method: 'GET',
      url: new URL('conversion/formats', this.#apiRoot),
      read: async (response, progress) =>
        parseFormats(
          await readJson(response, progress, context, this.#redactor.redact, MAX_FORMAT_LIST_BYTES),
          context,
        ),
    }));
  }

  #storageUrl(route: string, storageKey: string): URL {
    const url = new URL(route + encodeStorageKey(storageKey), this.#apiRoot);
    if (this.#storageName !== undefined) url.searchParams.set('storageName', this.#storageName);
    return url;
  }

  /**
   * Runs one call with retries. A 401 renews the token and repeats once (not counted as an attempt); transient
   * failures are repeated with backoff up to the attempt budget; the last error is thrown with the attempt count.
   */
  async #send<T>(
    context: CallContext,
    signal: AbortSignal,
    plan: () => RequestPlan<T> | Promise<RequestPlan<T>>,
  ): Promise<T> {
    let renewedAfter401 = false;
    let attempt = 1;
    for (;;) {
      signal.throwIfAborted();
      let failure: GroupDocsApiError;
      let usedToken: string | undefined;
      try {
        const planned = await plan();
        usedToken = await this.#tokens.get(signal);
        return await this.#attempt(context, planned, usedToken, attempt, signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        failure = this.#asApiError(error, context);
      }

      if (failure.status === 401 && failure.operation === context.operation && usedToken !== undefined) {
        if (!renewedAfter401) {
          renewedAfter401 = true;
          this.#tokens.invalidate(usedToken);
          this.#log(
            `${context.operation}: access token refused (HTTP 401); renewing it and repeating the request`,
          );
          continue;
        }
        failure = failure.with({
          serverMessage: `${failure.serverMessage ?? 'Unauthorized'} (refused again after renewing the access token)`,
          retryable: false,
        });
      }

      const budgetLeft = attempt < this.#retry.maxAttempts;
      if (!failure.retryable || !this.#mayRepeat(failure, context)) {
        if (failure.retryable) {
          // Transient in kind, but repeating could start the conversion twice: report it as final.
          failure = failure.with({
            retryable: false,
            note: 'not repeated because the server may have started the conversion',
          });
        }
        throw attempt > 1 ? failure.afterAttempts(attempt) : failure;
      }
      if (!budgetLeft) throw failure.afterAttempts(attempt);

      const askedMs = failure.retryAfterMs;
      if (askedMs !== undefined && askedMs > MAX_RETRY_AFTER_MS) {
        failure = failure.with({
          retryable: false,
          note:
            `the server asked to wait ${Math.ceil(askedMs / 1000)} s before trying again, ` +
            `longer than the ${MAX_RETRY_AFTER_MS / 1000} s this client waits`,
        });
        throw attempt > 1 ? failure.afterAttempts(attempt) : failure;
      }
      const delay = backoffDelay(this.#retry, attempt, this.#random, askedMs);
      this.#log(
        `${context.operation}: attempt ${attempt} of ${this.#retry.maxAttempts} failed ` +
          `(${describeAnswer(failure, context)}); retrying in ${delay} ms`,
      );
      await this.#sleep(delay, signal);
      attempt += 1;
    }
  }

  /**
   * Whether a transient failure may be repeated. Idempotent calls: always. Starting a conversion (POST) is not
   * idempotent, and a failure after the server received it may mean the conversion started anyway, so it is
   * repeated only when the server provably did not act on it: the connection was never established (refused,
   * DNS, failed before any byte was written — such requests use a fresh connection, so this is reliable), the
   * token could not be obtained (the POST was never sent), or the server declined it with 429 or 503. A 500,
   * 502, 504, a timeout or a reset after connecting is not repeated.
   */
  #mayRepeat(failure: GroupDocsApiError, context: CallContext): boolean {
    if (context.idempotent || failure.operation !== context.operation) return true;
    if (failure.status === undefined) return !failure.reachedServer;
    return failure.status === 429 || failure.status === 503;
  }

  async #attempt<T>(
    context: CallContext,
    plan: RequestPlan<T>,
    token: string,
    attempt: number,
    signal: AbortSignal,
  ): Promise<T> {
    const started = performance.now();
    const target = `${plan.method} ${plan.url.pathname}${plan.url.search}`;
    let status: number | undefined;
    signal.throwIfAborted();
    this.calls.count(context.kind);
    try {
      const result = await exchange(
        {
          method: plan.method,
          url: plan.url,
          headers: {
            accept: 'application/json',
            'user-agent': USER_AGENT,
            ...plan.headers,
            authorization: `Bearer ${token}`,
          },
          body: plan.body,
          signal,
          idleTimeoutMs: this.#idleTimeoutMs,
          connections: this.#connections,
          freshConnection: !context.idempotent,
        },
        async (response, progress) => {
          status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) return plan.read(response, progress);
          const { text } = await readText(response, progress, MAX_ERROR_BODY_BYTES);
          if (status === 404 && context.absentIsSuccess) return undefined as T;
          throw this.#httpFailure(context, status, text, response.headers);
        },
      );
      this.#log(`${target} → ${status} (attempt ${attempt}, ${Math.round(performance.now() - started)} ms)`);
      return result;
    } catch (error) {
      const problem = signal.aborted
        ? 'aborted'
        : error instanceof GroupDocsApiError
          ? undefined
          : errorCode(error);
      const outcome = [status, problem].filter((part) => part !== undefined).join(', then ') || 'failed';
      this.#log(`${target} → ${outcome} (attempt ${attempt}, ${Math.round(performance.now() - started)} ms)`);
      throw error;
    }
  }

  #httpFailure(
    context: CallContext,
    status: number,
    body: string,
    headers: IncomingHttpHeaders,
  ): GroupDocsApiError {
    return serverAnswerError(
      context,
      { status, body, retryAfter: firstHeader(headers['retry-after']) },
      this.#redactor.redact,
    );
  }

  #asApiError(error: unknown, context: CallContext): GroupDocsApiError {
    if (error instanceof GroupDocsApiError) return error;
    if (error instanceof TransportError) return networkFailure(error, context, this.#redactor.redact);
    const message = error instanceof Error ? error.message : String(error);
    return new GroupDocsApiError({
      operation: context.operation,
      storageKey: context.storageKey,
      code: error instanceof InvalidStorageKeyError ? 'INVALID_STORAGE_KEY' : errorCode(error),
      reason: this.#redactor.redact(message),
      retryable: false,
      cause: error,
    });
  }
}

function serviceBase(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`GroupDocs base URL ${JSON.stringify(baseUrl)} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`GroupDocs base URL must start with http:// or https://, not ${url.protocol}`);
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A failed attempt for the debug log: what answered, and what it said (already redacted). */
function describeAnswer(failure: GroupDocsApiError, context: CallContext): string {
  const prefix = failure.operation === context.operation ? '' : `${failure.operation}: `;
  if (failure.status === undefined) return `${prefix}${failure.code ?? 'network error'}`;
  const said = failure.serverMessage === undefined ? '' : ` — ${clipForLog(failure.serverMessage)}`;
  return `${prefix}HTTP ${failure.status}${said}`;
}

function clipForLog(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 200)}…`;
}

async function readJson(
  response: IncomingMessage,
  progress: ProgressReporter,
  context: CallContext,
  redact: Redact,
  limitBytes = MAX_JSON_BYTES,
) {
  const { text, truncated } = await readText(response, progress, limitBytes);
  if (truncated) throw unexpectedAnswer(context, `an answer larger than ${limitBytes} bytes`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const start = redact(text.slice(0, 1000)).slice(0, 200);
    throw unexpectedAnswer(context, `an answer that is not JSON: ${JSON.stringify(start)}`);
  }
}

function unexpectedAnswer(context: CallContext, what: string): GroupDocsApiError {
  return new GroupDocsApiError({
    operation: context.operation,
    storageKey: context.storageKey,
    code: 'UNEXPECTED_RESPONSE',
    reason: `the server sent ${what}`,
    retryable: false,
  });
}

function operationIdOf(answer: unknown, context: CallContext): string {
  const id = typeof answer === 'string' ? answer : isRecord(answer) ? pick(answer, 'id') : undefined;
  if (typeof id !== 'string' || id.trim() === '') throw unexpectedAnswer(context, 'no operation id');
  return id.trim();
}

function uploadErrorDetail(errors: unknown[], redact: Redact): { code?: string; message?: string } {
  const messages: string[] = [];
  let code: string | undefined;
  for (const item of errors) {
    const detail = parseErrorBody(JSON.stringify(item), redact);
    code ??= detail.code;
    if (detail.message !== undefined) messages.push(detail.message);
  }
  return { code, message: messages.length > 0 ? messages.join('; ') : undefined };
}

/**
 * Streams the body into `<target>.<random>.part` beside the target and renames it into place only when the byte
 * count matches Content-Length (when given). On any failure the partial file is removed.
 */
async function saveBody(
  response: IncomingMessage,
  progress: ProgressReporter,
  target: string,
  limit: DownloadLimit | undefined,
  refuse: (reason: string) => Error,
): Promise<void> {
  const partial = `${target}.${randomBytes(6).toString('hex')}.part`;
  const declared = response.headers['content-length'];
  const expected = declared === undefined ? undefined : Number(declared);
  if (limit !== undefined && expected !== undefined && expected > limit.maxBytes) {
    throw refuse(
      `the server sent a file of ${expected} bytes, more than ${limit.reason}; nothing was written`,
    );
  }
  let received = 0;
  let taken = 0;
  try {
    await pipeline(
      response,
      async function* count(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          progress();
          received += chunk.length;
          if (limit !== undefined) {
            if (received > limit.maxBytes) {
              throw refuse(`the file grew past ${limit.reason}; the download was stopped and removed`);
            }
            try {
              limit.take(chunk.length);
              taken += chunk.length;
            } catch (error) {
              throw refuse(
                `${error instanceof Error ? error.message : String(error)}; the download was stopped and removed`,
              );
            }
          }
          yield chunk;
        }
      },
      createWriteStream(partial, { flags: 'wx' }),
    );
    if (expected !== undefined && Number.isFinite(expected) && received !== expected) {
      throw new TransportError(
        `the download ended after ${received} of ${expected} bytes`,
        'ETRUNCATED',
        true,
      );
    }
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    limit?.giveBack(taken);
    throw error;
  }
}

function parseOperation(
  answer: unknown,
  requestedId: string,
  context: CallContext,
  redact: Redact,
): OperationResult {
  if (!isRecord(answer)) throw unexpectedAnswer(context, 'an operation that is not a JSON object');
  const statusText = pick(answer, 'status');
  const status = OPERATION_STATUSES.find(
    (known) => typeof statusText === 'string' && known.toLowerCase() === statusText.toLowerCase(),
  );
  if (status === undefined) {
    throw unexpectedAnswer(context, `an unknown operation status ${JSON.stringify(statusText)}`);
  }
  const id = pick(answer, 'id');
  const rawResults = pick(answer, 'result');
  const result: StoredResult[] = [];
  if (Array.isArray(rawResults)) {
    // One past the cap is enough to know the list is too long; the rest is never turned into objects.
    for (const item of rawResults.slice(0, MAX_RESULTS_PER_JOB + 1)) {
      if (!isRecord(item)) continue;
      const name = pick(item, 'name');
      const storedPath = pick(item, 'path');
      const size = pick(item, 'size');
      const url = pick(item, 'url');
      const stored: StoredResult = {
        name: typeof name === 'string' ? name : '',
        path: typeof storedPath === 'string' ? storedPath : '',
        size: typeof size === 'number' ? size : Number(size ?? 0) || 0,
      };
      if (typeof url === 'string') stored.url = url;
      result.push(stored);
    }
  }
  const operation: OperationResult = { id: typeof id === 'string' ? id : requestedId, status, result };
  for (const field of OPERATION_TIMESTAMPS) {
    const value = pick(answer, field);
    if (typeof value === 'string' && value !== '') operation[field] = value;
  }
  // The service's words about a failed conversion reach users (reports, PR comments): secrets redacted.
  const error = pick(answer, 'error');
  if (typeof error === 'string' && error !== '') operation.error = redact(error);
  else if (isRecord(error)) {
    const detail = parseErrorBody(JSON.stringify(error), redact);
    if (detail.message !== undefined) operation.error = detail.message;
  }
  return operation;
}

function parseFormats(answer: unknown, context: CallContext): SupportedFormat[] {
  if (!Array.isArray(answer)) throw unexpectedAnswer(context, 'a format list that is not a JSON array');
  if (answer.length > MAX_SOURCE_FORMATS) {
    throw unexpectedAnswer(context, `a format list of more than ${MAX_SOURCE_FORMATS} source formats`);
  }
  const isFormatName = (value: unknown): value is string =>
    typeof value === 'string' && FORMAT_NAME.test(value);
  const formats: SupportedFormat[] = [];
  for (const item of answer) {
    if (!isRecord(item)) continue;
    const source = pick(item, 'sourceFormat');
    const targets = pick(item, 'targetFormats');
    if (!isFormatName(source)) continue;
    if (Array.isArray(targets) && targets.length > MAX_TARGETS_PER_SOURCE) {
      throw unexpectedAnswer(
        context,
        `a format list with more than ${MAX_TARGETS_PER_SOURCE} target formats for one source format`,
      );
    }
    formats.push({
      sourceFormat: source,
      targetFormats: Array.isArray(targets) ? targets.filter(isFormatName) : [],
    });
  }
  return formats;
}
