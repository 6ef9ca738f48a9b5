/**
 * The Twirp JSON plumbing the Actions results-service stand-ins share: one HTTP server on 127.0.0.1 answering
 * `POST /twirp/<service>/<Method>` with a bearer token, JSON in and out, Twirp-style errors.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Thrown by a handler to answer with a Twirp error. */
export class TwirpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface TwirpServer {
  /** Origin to put in ACTIONS_RESULTS_URL. */
  url: string;
  /** Authorization headers seen, to check the runtime token is sent. */
  authorizations: string[];
  close(): Promise<void>;
}

/**
 * Answers each call with `handle(method, body)` (or what its promise resolves to) as JSON; a TwirpError becomes
 * a Twirp error answer. A promise that never settles leaves the call unanswered until `close`.
 */
export async function startTwirpServer(
  service: string,
  handle: (method: string, body: Record<string, unknown>) => unknown,
): Promise<TwirpServer> {
  const prefix = `/twirp/${service}/`;
  const authorizations: string[] = [];
  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      authorizations.push(req.headers.authorization ?? '');
      try {
        if (req.method !== 'POST' || !req.url?.startsWith(prefix)) {
          throw new TwirpError(404, 'bad_route', `no handler for ${req.method} ${req.url}`);
        }
        if (!req.headers.authorization?.startsWith('Bearer ')) {
          throw new TwirpError(401, 'unauthenticated', 'missing bearer token');
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        answer(res, 200, await handle(req.url.slice(prefix.length), body));
      } catch (error) {
        if (!(error instanceof TwirpError)) throw error;
        answer(res, error.status, { code: error.code, msg: error.message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authorizations,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
