/**
 * A hostile conversion service for end-to-end tests: a proxy on 127.0.0.1 in front of the emulator that passes
 * every call through but rewrites what a hostile server would say — the format list, the error of a failed
 * conversion, and the names of results. Everything else is the emulator's.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileAnswers {
  /** Appended to the format list (`GET /v2.0/conversion/formats`). */
  extraFormats?: { sourceFormat: string; targetFormats: string[] }[];
  /** Replaces the error of every failed operation. */
  failureText?: string;
  /** Result name as the emulator gives it → the name the hostile server sends instead. */
  resultNames?: Record<string, string>;
}

export interface HostileService {
  url: string;
  answers: HostileAnswers;
  close(): Promise<void>;
}

export async function startHostileService(
  upstream: string,
  answers: HostileAnswers,
): Promise<HostileService> {
  const server = http.createServer((request, response) => {
    const target = new URL(request.url ?? '/', upstream);
    const rewrite = request.method === 'GET' && /\/v2\.0\/conversion\/(formats|async)$/.test(target.pathname);
    const forwarded = http.request(
      target,
      { method: request.method, headers: { ...request.headers, host: target.host } },
      (answer) => {
        if (!rewrite || (answer.statusCode ?? 0) >= 300) {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = rewritten(JSON.parse(Buffer.concat(chunks).toString('utf8')), answers);
          const text = Buffer.from(JSON.stringify(body), 'utf8');
          response.writeHead(answer.statusCode ?? 200, {
            'content-type': 'application/json',
            'content-length': text.length,
          });
          response.end(text);
        });
      },
    );
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answers,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function rewritten(body: unknown, answers: HostileAnswers): unknown {
  if (Array.isArray(body)) return [...body, ...(answers.extraFormats ?? [])];
  if (typeof body !== 'object' || body === null) return body;
  const operation = { ...(body as Record<string, unknown>) };
  if (operation.status === 'Failed' && answers.failureText !== undefined)
    operation.error = answers.failureText;
  if (Array.isArray(operation.result)) {
    operation.result = operation.result.map((item: Record<string, unknown>) => {
      const name = answers.resultNames?.[String(item.name)];
      return name === undefined ? item : { ...item, name };
    });
  }
  return operation;
}
