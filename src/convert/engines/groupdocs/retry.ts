export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 15_000 };

export function resolveRetryPolicy(options: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY };
  if (options?.maxAttempts !== undefined) policy.maxAttempts = Math.max(1, Math.floor(options.maxAttempts));
  if (options?.baseDelayMs !== undefined) policy.baseDelayMs = Math.max(0, options.baseDelayMs);
  if (options?.maxDelayMs !== undefined) policy.maxDelayMs = Math.max(0, options.maxDelayMs);
  return policy;
}

/** HTTP answers worth repeating: the server was busy, unavailable or timed out, not wrong about the request. */
export function isTransientStatus(status: number): boolean {
  return (
    status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504
  );
}

/** Network failures worth repeating. `socket hang up` and a body cut short both carry ECONNRESET. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ETRUNCATED',
]);

export function isTransientNetworkCode(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
}

/**
 * A network failure worth repeating: a transient code, or a proxy that could not open a tunnel because the server
 * behind it did not answer (Node's ERR_PROXY_TUNNEL carrying the proxy's 502, 503 or 504).
 */
export function isTransientNetworkFailure(code: string | undefined, message: string): boolean {
  if (isTransientNetworkCode(code)) return true;
  return code === 'ERR_PROXY_TUNNEL' && /\bHTTP\/\d(?:\.\d)? 50[234]\b/.test(message);
}

/**
 * The longest Retry-After that is waited out. A server asking for more is not going to be ready within a run worth
 * keeping alive, so the call gives up at once and says so.
 */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Delay before the next attempt. A server's Retry-After wins, in full: maxDelayMs bounds only our own backoff, the
 * caller's AbortSignal bounds every wait, and the client gives up instead of waiting more than MAX_RETRY_AFTER_MS.
 * Otherwise exponential backoff with full jitter: uniform in [0, min(maxDelayMs, baseDelayMs · 2^(failedAttempts-1))).
 */
export function backoffDelay(
  policy: RetryPolicy,
  failedAttempts: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return Math.max(0, retryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.floor(fraction * ceiling);
}

/** Retry-After (delta-seconds or HTTP-date) in ms from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP dates always name the day or month; this keeps Date.parse from reading `-1` as a year.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. Leaves no timer behind either way. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles like `promise`, but rejects with the signal's reason as soon as the signal aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
