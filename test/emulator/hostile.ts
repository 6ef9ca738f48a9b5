/**
 * A hostile conversion service: a front on 127.0.0.1 that passes every request to an emulator and changes only what
 * a test asks for — the result list of a finished operation (names, sizes, count), the format list, or a download
 * that never ends. It counts what it sent, so a test can bound what the client read in bytes and requests.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from './types.ts';

/** One entry of an OperationResult's `result`, as the service sends it. */
export interface ResultEntry {
  name: string;
  size: number;
  path: string | null;
  url: string | null;
}

export interface HostileBehaviour {
  /** Rewrites the result list of every finished operation in status answers. */
  results?: (results: ResultEntry[]) => ResultEntry[];
  /** Answers GET …/formats itself with these chunks of JSON (e.g. an enormous list), as fast as they are read. */
  formats?: () => Iterable<string>;
  /** Downloads of these storage keys never end: bytes flow until the client hangs up. */
  endlessDownload?: (storageKey: string) => boolean;
  /** Downloads of these storage keys answer these bytes instead of the emulator's (e.g. a hostile PDF). */
  replaceDownload?: (storageKey: string) => Buffer | undefined;
}

export interface HostileStats {
  /** GET …/storage/file requests, by storage key. */
  downloads: string[];
  /** Bytes written to endless downloads and to the format list, until the client hung up. */
  endlessBytes: number;
  formatBytes: number;
}

export interface HostileService {
  url: string;
  stats: HostileStats;
  close(): Promise<void>;
}

const STORAGE_FILE = '/v2.0/conversion/storage/file/';

export async function startHostileService(
  emulator: Emulator,
  behaviour: HostileBehaviour,
): Promise<HostileService> {
  const upstream = new URL(emulator.url);
  const stats: HostileStats = { downloads: [], endlessBytes: 0, formatBytes: 0 };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', emulator.url);
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname.startsWith(STORAGE_FILE)) {
      const key = url.pathname.slice(STORAGE_FILE.length).split('/').map(decodeURIComponent).join('/');
      stats.downloads.push(key);
      if (behaviour.endlessDownload?.(key)) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return send(res, endlessBytes(), (n) => (stats.endlessBytes += n));
      }
      const replacement = behaviour.replaceDownload?.(key);
      if (replacement !== undefined) {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': replacement.length,
        });
        res.end(replacement);
        return;
      }
    }
    if (method === 'GET' && url.pathname === '/v2.0/conversion/formats' && behaviour.formats) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return send(res, behaviour.formats(), (n) => (stats.formatBytes += n));
    }
    const rewrite =
      method === 'GET' && url.pathname === '/v2.0/conversion/async' && behaviour.results !== undefined;
    forward(req, res, upstream, rewrite ? (body) => rewriteStatus(body, behaviour.results) : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Passes the request on; with `rewrite`, the (small, JSON) answer is read whole and changed before it is sent. */
function forward(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: URL,
  rewrite?: (body: string) => string,
): void {
  const proxied = http.request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      if (rewrite === undefined || answer.statusCode !== 200) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.from(rewrite(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      });
    },
  );
  proxied.on('error', () => res.destroy());
  req.pipe(proxied);
}

function rewriteStatus(body: string, results: HostileBehaviour['results']): string {
  const operation = JSON.parse(body) as { status?: string; result?: ResultEntry[] };
  if (operation.status === 'Finished' && Array.isArray(operation.result) && results) {
    operation.result = results(operation.result);
  }
  return JSON.stringify(operation);
}

function* endlessBytes(): Generator<Buffer> {
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  for (;;) yield chunk;
}

/** Writes the chunks as fast as the client reads them, until they end or the client hangs up. */
function send(res: ServerResponse, chunks: Iterable<string | Buffer>, count: (bytes: number) => void): void {
  const source = chunks[Symbol.iterator]();
  const pump = () => {
    while (!res.destroyed) {
      const next = source.next();
      if (next.done) {
        res.end();
        return;
      }
      count(Buffer.byteLength(next.value));
      if (!res.write(next.value)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}
