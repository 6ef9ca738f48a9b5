import type { ApiCallAccount } from './call-account.ts';
import {
  GroupDocsApiError,
  isRecord,
  networkFailure,
  type Redactor,
  serverAnswerError,
  TransportError,
} from './errors.ts';
import { type Connections, exchange, readText } from './http.ts';
import { raceAbort } from './retry.ts';

export interface AccessTokenSourceOptions {
  /** `{base}/connect/token` */
  tokenUrl: URL;
  clientId: string;
  clientSecret: string;
  idleTimeoutMs: number;
  now: () => number;
  log: (line: string) => void;
  /** Keeps the secret and every issued token out of errors built from the endpoint's answers. */
  redactor: Redactor;
  connections: Connections;
  /** Told about every new token before anyone uses it. */
  onToken?: ((token: string) => void) | undefined;
  /** Counts each token request sent. */
  account?: ApiCallAccount | undefined;
}

interface CachedToken {
  value: string;
  renewAt: number;
}

interface Renewal {
  promise: Promise<string>;
  controller: AbortController;
  waiters: number;
}

/** How long before expiry a token is renewed: 60 s, or a tenth of its lifetime when that is shorter. */
const RENEW_MARGIN_MS = 60_000;
const RENEW_MARGIN_FRACTION = 0.1;

/** OAuth error codes that mean the client id or secret is wrong. */
const REJECTED_CREDENTIAL_CODES = new Set(['invalid_client', 'unauthorized_client', 'invalid_grant']);

/**
 * OAuth client-credentials access tokens for the API: fetched once, shared, renewed shortly before they expire
 * or when the API says a token is no longer accepted. Concurrent callers share one token request.
 */
export class AccessTokenSource {
  readonly #options: AccessTokenSourceOptions;
  #cached: CachedToken | undefined;
  #renewal: Renewal | undefined;

  constructor(options: AccessTokenSourceOptions) {
    this.#options = options;
  }

  /** A token to send now. Rejects with GroupDocsApiError (operation `authenticate`) or the signal's reason. */
  async get(signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    const cached = this.#cached;
    if (cached !== undefined && this.#options.now() < cached.renewAt) return cached.value;
    const renewal = this.#renewal ?? this.#startRenewal();
    renewal.waiters += 1;
    try {
      return await raceAbort(renewal.promise, signal);
    } finally {
      renewal.waiters -= 1;
      // Still pending with nobody waiting: every caller gave up, so stop the request instead of leaving it open.
      if (renewal.waiters === 0 && this.#renewal === renewal) {
        this.#renewal = undefined;
        renewal.controller.abort(new Error('token request no longer needed'));
      }
    }
  }

  /** Forget `token` after the API refused it, so the next get() fetches a new one. */
  invalidate(token: string): void {
    if (this.#cached?.value === token) this.#cached = undefined;
  }

  #startRenewal(): Renewal {
    const controller = new AbortController();
    const renewal: Renewal = { controller, waiters: 0, promise: this.#requestToken(controller.signal) };
    const settle = () => {
      if (this.#renewal === renewal) this.#renewal = undefined;
    };
    // Registered before any waiter's reaction, so the renewal is cleared before waiters resume.
    renewal.promise.then(settle, settle);
    this.#renewal = renewal;
    return renewal;
  }

  async #requestToken(signal: AbortSignal): Promise<string> {
    const { tokenUrl, clientId, clientSecret, idleTimeoutMs, now, log, redactor, connections } =
      this.#options;
    const body = Buffer.from(
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }).toString(),
      'utf8',
    );
    const started = performance.now();
    let status: number | undefined;
    signal.throwIfAborted();
    this.#options.account?.count('token');
    try {
      const token = await exchange(
        {
          method: 'POST',
          url: tokenUrl,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': body.length,
            accept: 'application/json',
          },
          body,
          signal,
          idleTimeoutMs,
          connections,
        },
        async (response, progress) => {
          status = response.statusCode ?? 0;
          const { text } = await readText(response, progress, 256 * 1024);
          if (status >= 200 && status < 300) return this.#accept(text, now());
          throw tokenRefusal(
            serverAnswerError(
              { operation: 'authenticate' },
              { status, body: text, retryAfter: header(response.headers['retry-after']) },
              redactor.redact,
            ),
          );
        },
      );
      log(`POST ${tokenUrl.pathname} → ${status} (${Math.round(performance.now() - started)} ms)`);
      return token;
    } catch (error) {
      const outcome = status ?? (error instanceof TransportError ? error.code : undefined) ?? 'failed';
      log(`POST ${tokenUrl.pathname} → ${outcome} (${Math.round(performance.now() - started)} ms)`);
      if (error instanceof TransportError) {
        throw networkFailure(error, { operation: 'authenticate' }, redactor.redact);
      }
      throw error;
    }
  }

  #accept(text: string, receivedAt: number): string {
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    const value = isRecord(answer) ? answer.access_token : undefined;
    if (typeof value !== 'string' || value === '') {
      throw new GroupDocsApiError({
        operation: 'authenticate',
        reason: 'the token endpoint answered without an access_token',
        retryable: false,
      });
    }
    this.#options.redactor.rememberToken(value);
    this.#options.onToken?.(value);
    const expiresIn = isRecord(answer) ? answer.expires_in : undefined;
    this.#cached = {
      value,
      renewAt: tokenRenewalTime(value, typeof expiresIn === 'number' ? expiresIn : undefined, receivedAt),
    };
    return value;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A refusal that means the client id or secret is wrong says so; anything else stays as the server put it. */
function tokenRefusal(failure: GroupDocsApiError): GroupDocsApiError {
  const status = failure.status ?? 0;
  const rejected =
    status === 401 ||
    ((status === 400 || status === 403) && REJECTED_CREDENTIAL_CODES.has(failure.code ?? ''));
  if (!rejected) return failure;
  return failure.with({
    reason:
      `GroupDocs rejected the client credentials (HTTP ${status}${failure.code ? `, ${failure.code}` : ''}); ` +
      'check the client id and client secret',
    retryable: false,
  });
}

/**
 * When to fetch a new token: a margin before the JWT `exp` (lifetime measured from `iat` when present), or
 * before `expires_in` when the token is not a JWT with a usable `exp`. A token with neither is kept until the API
 * refuses it.
 */
export function tokenRenewalTime(
  token: string,
  expiresInSeconds: number | undefined,
  receivedAt: number,
): number {
  const claims = jwtClaims(token);
  const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : undefined;
  if (exp !== undefined && exp > receivedAt) {
    const iat = typeof claims?.iat === 'number' ? claims.iat * 1000 : undefined;
    const issuedAt = iat !== undefined && iat < exp ? Math.min(iat, receivedAt) : receivedAt;
    return exp - renewMargin(exp - issuedAt);
  }
  if (expiresInSeconds !== undefined && Number.isFinite(expiresInSeconds) && expiresInSeconds > 0) {
    const lifetime = expiresInSeconds * 1000;
    return receivedAt + lifetime - renewMargin(lifetime);
  }
  // An `exp` already past by our clock and no expires_in: use it for the calls waiting on it, renew next time.
  return exp === undefined ? Number.POSITIVE_INFINITY : receivedAt;
}

function renewMargin(lifetimeMs: number): number {
  return Math.min(RENEW_MARGIN_MS, lifetimeMs * RENEW_MARGIN_FRACTION);
}

function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return isRecord(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}
