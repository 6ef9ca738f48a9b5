/**
 * Request bodies streamed from disk with @actions/http-client (it honours the runner's proxy settings), for the
 * uploads too large to hold in memory: release assets and large git blobs.
 *
 * A body stream that fails (a file that cannot be read any more) rejects the request instead of going unheard:
 * without a listener its 'error' event would end the process, and http-client would end the request short of
 * its content-length and wait for an answer that never comes.
 */
import type { Readable } from 'node:stream';
import { HttpClient } from '@actions/http-client';
import { BearerCredentialHandler } from '@actions/http-client/lib/auth';

const USER_AGENT = 'convert-documents-action';

/** A non-2xx answer; `status` is what http-errors.ts reads, so 403 / 404 are recognised as refusals. */
export class HttpStatusError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Sends `body` and returns the JSON answer; a non-2xx answer throws HttpStatusError, a body error rejects, and so
 * does `signal` (publishing's deadline), dropping the connection.
 */
export async function sendStreamForJson(
  token: string,
  method: string,
  url: string,
  body: Readable,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<unknown> {
  signal?.throwIfAborted();
  // Its own client, so a failed body can drop the request's connection (dispose destroys the client's agent).
  const http = new HttpClient(USER_AGENT, [new BearerCredentialHandler(token)]);
  let rejectStopped: (error: unknown) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => {
    rejectStopped = reject;
  });
  stopped.catch(() => undefined);
  const stop = (error: unknown) => {
    rejectStopped(error);
    http.dispose();
  };
  body.on('error', stop);
  const onAbort = () => stop(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await Promise.race([http.sendStream(method, url, body, headers), stopped]);
    const text = await Promise.race([response.readBody(), stopped]);
    const status = response.message.statusCode ?? 0;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
    if (status < 200 || status >= 300) {
      const message = (data as { message?: unknown } | undefined)?.message;
      throw new HttpStatusError(
        status,
        `HTTP ${status}: ${typeof message === 'string' ? message : text.slice(0, 200)}`,
      );
    }
    return data;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    body.destroy();
    http.dispose();
  }
}
