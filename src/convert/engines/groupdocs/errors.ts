import { STATUS_CODES } from 'node:http';
import type { Redact } from '../../../common/redaction.ts';
import { isTransientNetworkFailure, isTransientStatus, parseRetryAfter } from './retry.ts';

export { type Redact, Redactor } from '../../../common/redaction.ts';

/** What the server said about a failure, from whichever of its body shapes it used. */
export interface ServerErrorDetail {
  code?: string;
  message?: string;
}

export interface GroupDocsApiErrorInit {
  /** What was being done, as a user would name it: `upload`, `start conversion`, `status`, `download`, … */
  operation: string;
  storageKey?: string;
  status?: number;
  code?: string;
  serverMessage?: string;
  retryable: boolean;
  /** Replaces the `HTTP <status> — <server message>` part of the message (network failure, bad credentials). */
  reason?: string;
  /** Appended to the message, e.g. why a transient failure was not repeated. */
  note?: string;
  /** Attempts made before giving up; shown in the message when set. */
  attempts?: number;
  /** How long the server asked us to wait (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** False only when the request provably never reached the server (the connection was never established). */
  reachedServer?: boolean;
  cause?: unknown;
}

/**
 * A failed call to GroupDocs.Conversion Cloud, with what a user needs to act on it. The message never contains
 * the access token or the client secret.
 */
export class GroupDocsApiError extends Error {
  override name = 'GroupDocsApiError';
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly serverMessage: string | undefined;
  readonly operation: string;
  readonly storageKey: string | undefined;
  readonly retryable: boolean;
  readonly attempts: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly reachedServer: boolean;
  readonly #init: GroupDocsApiErrorInit;

  constructor(init: GroupDocsApiErrorInit) {
    super(describeFailure(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.#init = init;
    this.status = init.status;
    this.code = init.code;
    this.serverMessage = init.serverMessage;
    this.operation = init.operation;
    this.storageKey = init.storageKey;
    this.retryable = init.retryable;
    this.attempts = init.attempts;
    this.retryAfterMs = init.retryAfterMs;
    this.reachedServer = init.reachedServer ?? true;
  }

  /** The same failure, reported after `attempts` attempts. */
  afterAttempts(attempts: number): GroupDocsApiError {
    return new GroupDocsApiError({ ...this.#init, attempts, cause: this });
  }

  /** The same failure with other fields changed (e.g. no longer retryable). */
  with(changes: Partial<GroupDocsApiErrorInit>): GroupDocsApiError {
    return new GroupDocsApiError({ ...this.#init, ...changes, cause: this });
  }
}

function describeFailure(init: GroupDocsApiErrorInit): string {
  const subject =
    init.storageKey === undefined ? init.operation : `${init.operation} of "${init.storageKey}"`;
  const tries =
    init.attempts === undefined ? '' : ` after ${init.attempts} attempt${init.attempts === 1 ? '' : 's'}`;
  const note = init.note === undefined ? '' : `; ${init.note}`;
  return `${subject} failed${tries}: ${init.reason ?? describeHttpFailure(init)}${note}`;
}

function describeHttpFailure(init: GroupDocsApiErrorInit): string {
  const status = init.status === undefined ? 'no HTTP answer' : `HTTP ${init.status}`;
  const text = init.serverMessage ?? (init.status === undefined ? undefined : STATUS_CODES[init.status]);
  const code = init.code === undefined ? '' : ` (code: ${init.code})`;
  return text === undefined ? `${status}${code}` : `${status} — ${text}${code}`;
}

const MAX_TEXT_LENGTH = 500;

const keepText: Redact = (text) => text;

/**
 * Reads the server's message and code from an error body. Known shapes:
 * `{"requestId","error":{"code","message","description"}}` (also PascalCase), `{"message","code"}`,
 * OAuth `{"error":"invalid_client","error_description"}`, problem details `{"title","detail"}`,
 * a JSON string, or plain text / HTML from a proxy. Every text is passed through `redact` before it is shortened,
 * so a secret cut at the length limit cannot leak in part.
 */
export function parseErrorBody(body: string, redact: Redact = keepText): ServerErrorDetail {
  const text = body.trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { message: plainText(text, redact) };
  }
  const asText = (value: unknown) => textOf(value, redact);
  if (typeof parsed === 'string') return asText(parsed) === undefined ? {} : { message: asText(parsed) };
  if (!isRecord(parsed)) return { message: clip(redact(text)) };

  const nested = pick(parsed, 'error');
  if (isRecord(nested)) {
    const message = joinDistinct(asText(pick(nested, 'message')), asText(pick(nested, 'description')));
    return definedOnly({ code: asText(pick(nested, 'code')), message });
  }
  if (typeof nested === 'string') {
    return definedOnly({ code: asText(nested), message: asText(parsed.error_description) ?? asText(nested) });
  }
  const message =
    asText(pick(parsed, 'message')) ?? joinDistinct(asText(parsed.title), asText(parsed.detail));
  return definedOnly({ code: asText(pick(parsed, 'code')), message });
}

/** An HTTP answer that was not a success, as the service sent it. */
export interface ServerAnswer {
  status: number;
  body: string;
  /** The Retry-After header, when present. */
  retryAfter?: string | undefined;
}

/**
 * The one place a server's failure answer becomes an error: the server's message and code (secrets redacted),
 * whether the status is worth repeating, and how long the server asked us to wait.
 */
export function serverAnswerError(
  context: { operation: string; storageKey?: string | undefined },
  answer: ServerAnswer,
  redact: Redact,
  nowMs: number = Date.now(),
): GroupDocsApiError {
  const detail = parseErrorBody(answer.body, redact);
  return new GroupDocsApiError({
    operation: context.operation,
    storageKey: context.storageKey,
    status: answer.status,
    code: detail.code,
    serverMessage: detail.message,
    retryable: isTransientStatus(answer.status),
    retryAfterMs: parseRetryAfter(answer.retryAfter, nowMs),
  });
}

/** A field by its camelCase name or its PascalCase twin. */
export function pick(record: Record<string, unknown>, camelName: string): unknown {
  const value = record[camelName];
  if (value !== undefined && value !== null) return value;
  return record[camelName.charAt(0).toUpperCase() + camelName.slice(1)];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown, redact: Redact): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : clip(redact(value.trim()));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function joinDistinct(first: string | undefined, second: string | undefined): string | undefined {
  if (first === undefined) return second;
  if (second === undefined || second === first || first.includes(second)) return first;
  return `${first} ${second}`;
}

function plainText(text: string, redact: Redact): string {
  if (!text.startsWith('<')) return clip(redact(text.replace(/\s+/g, ' ')));
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  const stripped = text
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clip(redact(title || stripped));
}

function clip(text: string): string {
  return text.length <= MAX_TEXT_LENGTH ? text : `${text.slice(0, MAX_TEXT_LENGTH)}…`;
}

function definedOnly(detail: ServerErrorDetail): ServerErrorDetail {
  const result: ServerErrorDetail = {};
  if (detail.code !== undefined) result.code = detail.code;
  if (detail.message !== undefined) result.message = detail.message;
  return result;
}

/**
 * A request that failed below HTTP: refused or reset connection, no progress before the idle timeout, a body cut
 * short, or a local file that could not be read or written while streaming.
 */
export class TransportError extends Error {
  override name = 'TransportError';
  readonly code: string | undefined;
  /** False when the connection was never established, so the server cannot have seen the request. */
  readonly reachedServer: boolean;

  constructor(message: string, code: string | undefined, reachedServer: boolean, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.reachedServer = reachedServer;
  }

  static from(error: unknown, reachedServer: boolean): TransportError {
    if (error instanceof TransportError) return error;
    const code = errorCode(error);
    const raw = error instanceof Error ? error.message : String(error);
    // Node's word for a response whose connection closed before its end.
    const message = raw === 'aborted' ? 'the connection closed before the answer was complete' : raw;
    const text = code === undefined || message.includes(code) ? message : `${message} (${code})`;
    return new TransportError(text, code, reachedServer, error);
  }
}

export function errorCode(error: unknown): string | undefined {
  if (!isRecord(error) && !(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** A network failure as the user-facing error of `operation`. */
export function networkFailure(
  error: TransportError,
  context: { operation: string; storageKey?: string | undefined },
  redact: Redact = keepText,
): GroupDocsApiError {
  const transient = isTransientNetworkFailure(error.code, error.message);
  const message = redact(error.message);
  return new GroupDocsApiError({
    operation: context.operation,
    storageKey: context.storageKey,
    code: error.code,
    reason: transient ? `network error: ${message}` : message,
    retryable: transient,
    reachedServer: error.reachedServer,
    cause: error,
  });
}
