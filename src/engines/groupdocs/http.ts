import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
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
  /**
   * Use a new connection rather than a kept-alive one. Then "the connection was never established" reliably
   * means "the server never saw the request", and a stale kept-alive socket cannot fail a request that must not
   * be repeated.
   */
  freshConnection?: boolean;
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
    ...(call.freshConnection ? { agent: false } : {}),
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
