import assert from 'node:assert/strict';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import {
  GroupDocsApiError,
  GroupDocsClient,
  type GroupDocsClientOptions,
} from '../../../../src/convert/engines/groupdocs/client.ts';
import { freshToken, tokenAnswer } from './fixtures/tokens.ts';

// Proxies on 127.0.0.1 that record what they are asked. The GroupDocs base URL behind them is 0.0.0.0: not a
// loopback name the client connects to directly, and if the proxy were ignored, a direct connection would stay
// on this machine (port 1, refused) instead of reaching any other host.

const REMOTE = 'http://0.0.0.0:1';
const REMOTE_TLS = 'https://0.0.0.0:1';

interface Recorder {
  url: string;
  seen: string[];
  stop: () => Promise<void>;
}

const running: Recorder[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

async function listen(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
  onConnect?: (request: IncomingMessage, socket: Socket) => void,
): Promise<Recorder> {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    handle(request, response);
  });
  server.on('connect', (request: IncomingMessage, socket: Socket) => {
    seen.push(`CONNECT ${request.url}`);
    onConnect?.(request, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const recorder = {
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  running.push(recorder);
  return recorder;
}

/** Answers like the GroupDocs API: a token, the format list, and the id of a started conversion. */
function groupDocs(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  const pathname = new URL(request.url ?? '/', 'http://any').pathname;
  response.setHeader('content-type', 'application/json');
  if (pathname === '/connect/token') {
    response.end(JSON.stringify(tokenAnswer(freshToken('proxied'))));
  } else if (pathname === '/v2.0/conversion/formats') {
    response.end(JSON.stringify([{ sourceFormat: 'docx', targetFormats: ['pdf'] }]));
  } else if (pathname === '/v2.0/conversion/async' && request.method === 'POST') {
    response.end(JSON.stringify('op-42'));
  } else {
    response.statusCode = 404;
    response.end('{}');
  }
}

function clientWith(
  baseUrl: string,
  proxyEnv: Record<string, string>,
  options: Partial<GroupDocsClientOptions> = {},
): GroupDocsClient {
  return new GroupDocsClient({
    baseUrl,
    clientId: 'id',
    clientSecret: 'proxy-test-secret',
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    random: () => 0.5,
    proxyEnv,
    ...options,
  });
}

const signal = () => new AbortController().signal;

describe('proxies', () => {
  it('sends every call through HTTP_PROXY, including a conversion start on its own connection', async () => {
    const proxy = await listen(groupDocs);
    const client = clientWith(REMOTE, { HTTP_PROXY: proxy.url });

    const formats = await client.getSupportedFormats(signal());
    const id = await client.startConversion(
      { filePath: 'run/in/a.docx', format: 'pdf', outputPath: 'run/out' },
      signal(),
    );

    assert.deepEqual(formats, [{ sourceFormat: 'docx', targetFormats: ['pdf'] }]);
    assert.equal(id, 'op-42');
    assert.deepEqual(proxy.seen, [
      `POST ${REMOTE}/connect/token`,
      `GET ${REMOTE}/v2.0/conversion/formats`,
      `POST ${REMOTE}/v2.0/conversion/async`,
    ]);
  });

  it('reads the lower-case http_proxy too', async () => {
    const proxy = await listen(groupDocs);

    await clientWith(REMOTE, { http_proxy: proxy.url }).getSupportedFormats(signal());

    assert.equal(proxy.seen.length, 2);
  });

  it('tunnels HTTPS through HTTPS_PROXY with CONNECT, and repeats a tunnel the proxy could not open', async () => {
    const proxy = await listen(groupDocs, (_request, socket) => {
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });

    const error = await clientWith(REMOTE_TLS, { HTTPS_PROXY: proxy.url })
      .getSupportedFormats(signal())
      .then(
        () => assert.fail('expected the call to fail'),
        (e: unknown) => e,
      );

    assert.ok(error instanceof GroupDocsApiError, String(error));
    assert.equal(error.operation, 'authenticate');
    assert.equal(error.code, 'ERR_PROXY_TUNNEL');
    assert.equal(error.reachedServer, false);
    assert.match(error.message, /^authenticate failed after 2 attempts: network error: .*502 Bad Gateway/);
    assert.deepEqual(proxy.seen, ['CONNECT 0.0.0.0:1', 'CONNECT 0.0.0.0:1']);
  });

  it('connects directly to a loopback GroupDocs (a service container) even when a proxy is set', async () => {
    const proxy = await listen(groupDocs);
    const service = await listen(groupDocs);

    await clientWith(service.url, {
      HTTP_PROXY: proxy.url,
      HTTPS_PROXY: proxy.url,
    }).getSupportedFormats(signal());

    assert.deepEqual(proxy.seen, []);
    assert.deepEqual(service.seen, ['POST /connect/token', 'GET /v2.0/conversion/formats']);
  });

  // Linux (the runners this action targets) connects to 0.0.0.0 on this machine, so NO_PROXY can be shown with a
  // name that is neither loopback nor resolved by DNS.
  it('connects directly to a host listed in NO_PROXY', {
    skip: process.platform !== 'linux' && 'needs Linux semantics of 0.0.0.0',
  }, async () => {
    const proxy = await listen(groupDocs);
    const service = await listen(groupDocs);
    const port = new URL(service.url).port;

    await clientWith(`http://0.0.0.0:${port}`, {
      HTTP_PROXY: proxy.url,
      NO_PROXY: 'example.com,0.0.0.0',
    }).getSupportedFormats(signal());

    assert.deepEqual(proxy.seen, []);
    assert.deepEqual(service.seen, ['POST /connect/token', 'GET /v2.0/conversion/formats']);
  });
});
