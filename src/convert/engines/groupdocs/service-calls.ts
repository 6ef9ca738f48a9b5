import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { ApiCallAccount, type ApiCallKind } from './call-account.ts';
import {
  errorCode,
  GroupDocsApiError,
  networkFailure,
  type Redact,
  Redactor,
  serverAnswerError,
  TransportError,
} from './errors.ts';
import { Connections, exchange, type ProgressReporter, readText } from './http.ts';
import { backoffDelay, MAX_RETRY_AFTER_MS, type RetryPolicy, resolveRetryPolicy, sleep } from './retry.ts';
import { encodeStorageKey, InvalidStorageKeyError } from './storage-key.ts';
import { AccessTokenSource } from './token.ts';

/** What every part of the client shares: where the service is, how to reach it, retries, tokens, redaction. */
export interface ServiceCallsOptions {
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

export interface CallContext {
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

export interface RequestPlan<T> {
  method: string;
  url: URL;
  headers?: Record<string, string | number>;
  body?: Buffer | (() => AsyncIterable<Uint8Array>);
  /** Reads a 2xx answer. */
  read: (response: IncomingMessage, progress: ProgressReporter) => Promise<T>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
const MAX_JSON_BYTES = 16 * 1024 * 1024;
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
const USER_AGENT = 'convert-documents-action';

/**
 * The HTTP, retry and limit plumbing of the GroupDocs.Conversion Cloud v2.0 client: every call goes through send(),
 * which authenticates, retries with backoff, counts the call and turns every failure into a GroupDocsApiError.
 */
export class ServiceCalls {
  /** `{base}/v2.0/` */
  readonly apiRoot: URL;
  readonly storageName: string | undefined;
  /** Every request sent, by kind. */
  readonly calls: ApiCallAccount;
  /** Removes the secret, the tokens and the caller's secrets from text the server sent. */
  readonly redact: Redact;
  readonly log: (line: string) => void;
  readonly #retry: RetryPolicy;
  readonly #idleTimeoutMs: number;
  readonly #random: () => number;
  readonly #tokens: AccessTokenSource;
  readonly #connections: Connections;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(options: ServiceCallsOptions) {
    const base = serviceBase(options.baseUrl);
    this.apiRoot = new URL('v2.0/', base);
    this.storageName = options.storageName === '' ? undefined : options.storageName;
    this.#retry = resolveRetryPolicy(options.retry);
    this.#idleTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? sleep;
    const redactor = new Redactor([options.clientSecret, ...(options.secrets ?? [])]);
    this.redact = redactor.redact;
    this.#connections = new Connections(options.proxyEnv);
    this.calls = options.account ?? new ApiCallAccount();
    const debug = options.debug;
    const redact = this.redact;
    this.log = debug === undefined ? () => {} : (line) => debug(redact(line));
    this.#tokens = new AccessTokenSource({
      tokenUrl: new URL('connect/token', base),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      idleTimeoutMs: this.#idleTimeoutMs,
      now: options.now ?? Date.now,
      log: this.log,
      redactor,
      connections: this.#connections,
      onToken: options.onToken,
      account: this.calls,
    });
  }

  /** `{apiRoot}{route}{encoded key}`, with the storage name when one is set. */
  storageUrl(route: string, storageKey: string): URL {
    const url = new URL(route + encodeStorageKey(storageKey), this.apiRoot);
    if (this.storageName !== undefined) url.searchParams.set('storageName', this.storageName);
    return url;
  }

  /** Reads a 2xx answer as JSON, bounded; anything else fails the call as UNEXPECTED_RESPONSE. */
  readJson(
    response: IncomingMessage,
    progress: ProgressReporter,
    context: CallContext,
    limitBytes = MAX_JSON_BYTES,
  ): Promise<unknown> {
    return readJson(response, progress, context, this.redact, limitBytes);
  }

  /**
   * Runs one call with retries. A 401 renews the token and repeats once (not counted as an attempt); transient
   * failures are repeated with backoff up to the attempt budget; the last error is thrown with the attempt count.
   */
  async send<T>(
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
          this.log(
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
      this.log(
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
      this.log(`${target} → ${status} (attempt ${attempt}, ${Math.round(performance.now() - started)} ms)`);
      return result;
    } catch (error) {
      const problem = signal.aborted
        ? 'aborted'
        : error instanceof GroupDocsApiError
          ? undefined
          : errorCode(error);
      const outcome = [status, problem].filter((part) => part !== undefined).join(', then ') || 'failed';
      this.log(`${target} → ${outcome} (attempt ${attempt}, ${Math.round(performance.now() - started)} ms)`);
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
      this.redact,
    );
  }

  #asApiError(error: unknown, context: CallContext): GroupDocsApiError {
    if (error instanceof GroupDocsApiError) return error;
    if (error instanceof TransportError) return networkFailure(error, context, this.redact);
    const message = error instanceof Error ? error.message : String(error);
    return new GroupDocsApiError({
      operation: context.operation,
      storageKey: context.storageKey,
      code: error instanceof InvalidStorageKeyError ? 'INVALID_STORAGE_KEY' : errorCode(error),
      reason: this.redact(message),
      retryable: false,
      cause: error,
    });
  }
}

/** The call fails because the server's answer cannot be read as what was asked for. */
export function unexpectedAnswer(context: CallContext, what: string): GroupDocsApiError {
  return new GroupDocsApiError({
    operation: context.operation,
    storageKey: context.storageKey,
    code: 'UNEXPECTED_RESPONSE',
    reason: `the server sent ${what}`,
    retryable: false,
  });
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
  limitBytes: number,
): Promise<unknown> {
  const { text, truncated } = await readText(response, progress, limitBytes);
  if (truncated) throw unexpectedAnswer(context, `an answer larger than ${limitBytes} bytes`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const start = redact(text.slice(0, 1000)).slice(0, 200);
    throw unexpectedAnswer(context, `an answer that is not JSON: ${JSON.stringify(start)}`);
  }
}
