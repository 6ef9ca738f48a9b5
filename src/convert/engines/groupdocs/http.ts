import http, { type Agent, type IncomingMessage, type OutgoingHttpHeaders, type ProxyEnv } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { GroupDocsApiError, TransportError } from './errors.ts';

/**
 * One HTTP request/response over node:http(s). Bodies are streamed both ways (a fetch upload does not stay in
 * bounded memory on Node 24; http.request with stream.pipeline does), so memory stays flat for any file size.
 */
export interface HttpCall {
  method: string;
  url: URL;
  headers: OutgoingHttpHeaders;
  /** A fixed body, or a factory giving a fresh stream of chunks (called once per call). */
  body?: Buffer | (() => AsyncIterable<Uint8Array>);
  signal: AbortSignal;
  /** Abort the call when nothing moves (no connect, no body chunk sent or received, no answer) for this long. */
  idleTimeoutMs: number;
  /** Where connections come from (and whether through a proxy). */
  connections: Connections;
  /**
   * Use a new connection rather than a kept-alive one. Then "the connection was never established" reliably
   * means "the server never saw the request", and a stale kept-alive socket cannot fail a request that must not
   * be repeated.
   */
  freshConnection?: boolean;
}

/** The proxy variables Node's built-in proxy support reads (upper- or lower-case; lower-case wins). */
const PROXY_VARIABLES = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'NO_PROXY',
  'no_proxy',
] as const;

/**
 * The agents requests go through, and with them the proxy settings.
 *
 * Proxies: HTTP_PROXY / HTTPS_PROXY (or lower-case; `http://user:password@host:port`) and NO_PROXY are honoured
 * always, like @actions/http-client does for other actions on a self-hosted runner behind a proxy, whether or not
 * NODE_USE_ENV_PROXY=1 / --use-env-proxy is set. Node (≥ 24.5) does the proxying: plain HTTP is forwarded, HTTPS
 * goes through a CONNECT tunnel. Each agent is given the variables as `proxyEnv`, because NODE_USE_ENV_PROXY reaches
 * only Node's global agents: a request with `agent: false` or a new Agent without `proxyEnv` connects directly even
 * with NODE_USE_ENV_PROXY=1 set. On Node before 24.5 `proxyEnv` is ignored and every connection is direct.
 *
 * Loopback hosts (localhost, 127.x, [::1]) are always reached directly, as @actions/http-client does, so a
 * GroupDocs service container on localhost works behind a proxy without NO_PROXY.
 *
 * Through a proxy, "connected" means connected to the proxy for plain HTTP (conservatively treated as reaching the
 * server), and the tunnel and TLS to the server being up for HTTPS; a tunnel the proxy refused never reached it.
 */
export class Connections {
  readonly #proxyEnv: ProxyEnv | undefined;
  readonly #pooled = new Map<string, Agent>();

  /** `env`: the proxy variables, as the runner environment read them (default: none). */
  constructor(env: Readonly<Record<string, string | undefined>> = {}) {
    const proxyEnv: ProxyEnv = {};
    for (const name of PROXY_VARIABLES) {
      const value = env[name];
      if (value !== undefined && value !== '') proxyEnv[name] = value;
    }
    this.#proxyEnv = Object.keys(proxyEnv).length > 0 ? proxyEnv : undefined;
  }

  /** The agent for a request to `url`: a shared kept-alive one, or (`fresh`) one used for this request only. */
  agentFor(url: URL, fresh: boolean): Agent {
    const secure = url.protocol === 'https:';
    const proxyEnv = isLoopback(url.hostname) ? undefined : this.#proxyEnv;
    const options = proxyEnv === undefined ? {} : { proxyEnv };
    if (fresh) {
      const single = { ...options, keepAlive: false };
      return secure ? new https.Agent(single) : new http.Agent(single);
    }
    const key = `${url.protocol}${proxyEnv === undefined ? 'direct' : 'proxied'}`;
    let agent = this.#pooled.get(key);
    if (agent === undefined) {
      // The settings of Node's global agents.
      const pooled = { ...options, keepAlive: true, scheduling: 'lifo' as const, timeout: 5000 };
      agent = secure ? new https.Agent(pooled) : new http.Agent(pooled);
      this.#pooled.set(key, agent);
    }
    return agent;
  }
}

function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.startsWith('127.') ||
    host === '[::1]' ||
    host.startsWith('[::ffff:7f')
  );
}

/** Reports progress to the idle timer; call it for every chunk read from the response. */
export type ProgressReporter = () => void;

/**
 * Sends `call` and hands the answer (any status) to `handle`, which must consume or abandon the body. Network
 * failures (and any other failure while streaming, e.g. a local file error) reject with TransportError; an abort
 * rejects with the signal's reason; a GroupDocsApiError thrown by `handle` passes through. The socket is
 * destroyed on any failure, and no timer or listener outlives the call.
 */
export async function exchange<T>(
  call: HttpCall,
  handle: (response: IncomingMessage, progress: ProgressReporter) => Promise<T>,
): Promise<T> {
  call.signal.throwIfAborted();
  const transport = call.url.protocol === 'https:' ? https : http;
  const request = transport.request(call.url, {
    method: call.method,
    headers: call.headers,
    agent: call.connections.agentFor(call.url, call.freshConnection ?? false),
  });
  let connected = false;
  let response: IncomingMessage | undefined;
  let failure: unknown;

  const fail = (error: unknown) => {
    failure ??= error;
    response?.destroy(error as Error);
    request.destroy(error as Error);
  };
  const idleTimer = setTimeout(() => {
    fail(new TransportError(`no progress for ${call.idleTimeoutMs} ms`, 'ETIMEDOUT', connected));
  }, call.idleTimeoutMs);
  const progress: ProgressReporter = () => {
    idleTimer.refresh();
  };
  const onAbort = () => fail(call.signal.reason);
  call.signal.addEventListener('abort', onAbort, { once: true });

  request.on('socket', (socket: Socket) => {
    if (!socket.connecting) {
      connected = true;
      return;
    }
    const ready = 'encrypted' in socket ? 'secureConnect' : 'connect';
    socket.once(ready, () => {
      connected = true;
      progress();
    });
  });
  // Errors after the answer arrived (e.g. the server closed while we were still sending) surface through the
  // response or are irrelevant; this listener keeps them from becoming uncaught exceptions.
  request.on('error', () => {});
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });

  try {
    if (call.body === undefined) {
      request.end();
    } else if (Buffer.isBuffer(call.body)) {
      request.end(call.body);
    } else {
      // A failed send also destroys the request, so its error reaches `answered`; after an early answer it is moot.
      pipeline(withProgress(call.body(), progress), request).catch(() => {});
    }
    response = await answered;
    response.on('error', () => {});
    progress();
    return await handle(response, progress);
  } catch (error) {
    if (call.signal.aborted) throw call.signal.reason;
    const cause = failure ?? error;
    if (cause instanceof GroupDocsApiError) throw cause;
    throw TransportError.from(cause, connected);
  } finally {
    clearTimeout(idleTimer);
    call.signal.removeEventListener('abort', onAbort);
    // An answer can arrive before the body is sent (e.g. 401 to an upload): stop sending rather than stream the
    // rest of the file to a server that is not listening.
    if (!response?.complete || !request.writableFinished) {
      response?.destroy();
      request.destroy();
    }
  }
}

async function* withProgress(source: AsyncIterable<Uint8Array>, progress: ProgressReporter) {
  for await (const chunk of source) {
    progress();
    yield chunk;
  }
}

/** Reads at most `limitBytes` of a body as UTF-8; the rest is discarded and `truncated` is set. */
export async function readText(
  response: IncomingMessage,
  progress: ProgressReporter,
  limitBytes: number,
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    progress();
    if (kept + chunk.length > limitBytes) {
      chunks.push(chunk.subarray(0, limitBytes - kept));
      kept = limitBytes;
      truncated = true;
      response.destroy();
      break;
    }
    chunks.push(chunk);
    kept += chunk.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}
