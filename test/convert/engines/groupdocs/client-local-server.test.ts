import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DownloadBudget } from '../../../../src/convert/download-budget.ts';
import { ApiCallAccount } from '../../../../src/convert/engines/groupdocs/call-account.ts';
import {
  GroupDocsApiError,
  GroupDocsClient,
  type GroupDocsClientOptions,
} from '../../../../src/convert/engines/groupdocs/client.ts';
import { freshToken, tokenAnswer } from './fixtures/tokens.ts';

// Real sockets on 127.0.0.1 for what a mock cannot show faithfully: bodies cut mid-stream, resets after the
// connection was made, stalls, and aborts that must close the socket.

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

interface StandIn {
  baseUrl: string;
  requests: string[];
  closedSockets: () => number;
  stop: () => Promise<void>;
}

async function standIn(api: Handler): Promise<StandIn> {
  const requests: string[] = [];
  let closed = 0;
  const server = http.createServer((request, response) => {
    if (request.url === '/connect/token') {
      request.resume();
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(tokenAnswer(freshToken('local'))));
      return;
    }
    requests.push(`${request.method} ${request.url}`);
    api(request, response);
  });
  server.on('connection', (socket) => socket.on('close', () => closed++));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    closedSockets: () => closed,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function clientFor(server: StandIn, options: Partial<GroupDocsClientOptions> = {}): GroupDocsClient {
  return new GroupDocsClient({
    baseUrl: server.baseUrl,
    clientId: 'id',
    clientSecret: 'secret',
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    random: () => 0.5,
    ...options,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<GroupDocsApiError> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof GroupDocsApiError, `expected GroupDocsApiError, got ${String(error)}`);
  return error;
}

let workDir = '';
let server: StandIn | undefined;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'gd-local-'));
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await rm(workDir, { recursive: true, force: true });
});

describe('download over a real socket', () => {
  /** Promises 100000 bytes, sends 30000, then drops the connection. */
  const cutShort: Handler = (_request, response) => {
    response.writeHead(200, { 'content-length': '100000', 'content-type': 'application/octet-stream' });
    response.write(Buffer.alloc(30_000, 7), () => setTimeout(() => response.socket?.destroy(), 5));
  };

  it('leaves neither the file nor a .part behind when the body is cut short', async () => {
    server = await standIn(cutShort);
    const target = path.join(workDir, 'out', 'a.pdf');

    const error = await failureOf(
      clientFor(server).downloadFile('out/a.pdf', target, new AbortController().signal),
    );

    assert.equal(error.code, 'ECONNRESET');
    assert.equal(error.attempts, 2);
    assert.match(
      error.message,
      /^download of "out\/a\.pdf" failed after 2 attempts: network error: the connection closed before the answer was complete \(ECONNRESET\)$/,
    );
    assert.equal(server.requests.length, 2);
    assert.deepEqual(await readdir(path.dirname(target)), []);
  });

  it('keeps the file already there, untouched, when the new download is cut short', async () => {
    server = await standIn(cutShort);
    const target = path.join(workDir, 'out', 'a.pdf');
    await mkdir(path.dirname(target));
    await writeFile(target, 'the good result of an earlier run');

    await failureOf(clientFor(server).downloadFile('out/a.pdf', target, new AbortController().signal));

    assert.equal(await readFile(target, 'utf8'), 'the good result of an earlier run');
    assert.deepEqual(await readdir(path.dirname(target)), ['a.pdf'], 'no partial file left beside it');
  });

  it('stops promptly on abort mid-body, closes the socket and leaves nothing behind', async () => {
    let bodyStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      bodyStarted = resolve;
    });
    server = await standIn((_request, response) => {
      response.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      response.write(Buffer.alloc(64 * 1024, 1), () => bodyStarted());
      // …and never more: the client would wait for the rest until its idle timeout.
    });
    const controller = new AbortController();
    const reason = new Error('run cancelled');
    const target = path.join(workDir, 'a.pdf');
    const download = clientFor(server).downloadFile('a.pdf', target, controller.signal);
    await started;
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort(reason);

    // The server never sends the rest: only the abort can end the download, and with its own reason.
    await assert.rejects(download, (error) => error === reason);

    assert.deepEqual(await readdir(workDir), []);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(server.closedSockets() >= 1, 'the server saw the connection close');
  });
});

describe('download limits over a real socket', () => {
  const MAX = 5000;
  const budget = (total = 1_000_000) =>
    new DownloadBudget({ maxDownloadBytes: MAX, maxTotalDownloadBytes: total });
  const download = (run: DownloadBudget, target: string) =>
    clientFor(server as StandIn).downloadFile(
      'out/a.pdf',
      target,
      new AbortController().signal,
      run.limitFor(0),
    );
  /** Declares and sends `bytes` bytes. */
  const declared =
    (bytes: number): Handler =>
    (_request, response) => {
      response.writeHead(200, { 'content-length': String(bytes) });
      response.end(Buffer.alloc(bytes, 3));
    };
  /** Sends chunks with no Content-Length, each once the one before has left, so the client reads them apart. */
  const chunked =
    (...sizes: number[]): Handler =>
    (_request, response) => {
      response.writeHead(200, { 'transfer-encoding': 'chunked' });
      const next = (i: number) => {
        if (i === sizes.length) response.end();
        else response.write(Buffer.alloc(sizes[i] as number, 4), () => setTimeout(() => next(i + 1), 20));
      };
      next(0);
    };

  it('takes a file of exactly max-download-size, declared or not', async () => {
    for (const handler of [declared(MAX), chunked(2000, 2000, 1000)]) {
      await server?.stop();
      server = await standIn(handler);
      const run = budget();
      const target = path.join(workDir, 'a.pdf');

      await download(run, target);

      assert.equal((await readFile(target)).length, MAX);
      assert.equal(run.written, MAX);
    }
  });

  it('refuses a file declared one byte over max-download-size before writing a byte, and does not ask again', async () => {
    server = await standIn(declared(MAX + 1));
    const run = budget();

    const error = await failureOf(download(run, path.join(workDir, 'a.pdf')));

    assert.equal(error.code, 'DOWNLOAD_LIMIT');
    assert.equal(error.retryable, false);
    assert.match(
      error.message,
      /the server sent a file of 5001 bytes, more than max-download-size \(.+\); nothing was written/,
    );
    assert.equal(server.requests.length, 1);
    assert.deepEqual(await readdir(workDir), []);
    assert.equal(run.written, 0);
  });

  it('stops a file sent without a length once it passes max-download-size, and removes it', async () => {
    server = await standIn(chunked(2000, 2000, 1001));
    const run = budget();

    const error = await failureOf(download(run, path.join(workDir, 'a.pdf')));

    assert.equal(error.code, 'DOWNLOAD_LIMIT');
    assert.match(
      error.message,
      /the file grew past max-download-size \(.+\); the download was stopped and removed/,
    );
    assert.equal(server.requests.length, 1);
    assert.deepEqual(await readdir(workDir), []);
    assert.equal(run.written, 0, 'the removed partial file gave its bytes back to the run');
  });

  it("stops a download when the run's total runs out, removes it and gives back what it had taken", async () => {
    server = await standIn(chunked(2000, 2000));
    const run = budget(3000);

    const error = await failureOf(download(run, path.join(workDir, 'a.pdf')));

    assert.equal(error.code, 'DOWNLOAD_LIMIT');
    assert.match(
      error.message,
      /the run reached max-total-download-size \(.+\); the download was stopped and removed/,
    );
    assert.deepEqual(await readdir(workDir), []);
    assert.equal(run.written, 0);
  });

  it('bills every attempt of a download that had to be repeated', async () => {
    let attempts = 0;
    server = await standIn((request, response) => {
      attempts += 1;
      if (attempts === 1) {
        response.writeHead(200, { 'content-length': '1000' });
        response.write(Buffer.alloc(10), () => response.socket?.destroy());
      } else declared(1000)(request, response);
    });
    const account = new ApiCallAccount();

    await clientFor(server, { account }).downloadFile(
      'out/a.pdf',
      path.join(workDir, 'a.pdf'),
      new AbortController().signal,
    );

    assert.equal(account.snapshot().download, 2);
  });
});

describe('starting a conversion over a real socket', () => {
  it('is not repeated when the connection is reset after the request was sent', async () => {
    server = await standIn((request) => {
      request.resume();
      request.on('end', () => request.socket.destroy());
    });

    const error = await failureOf(
      clientFor(server, { retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 } }).startConversion(
        { filePath: 'in/a.docx', format: 'pdf', outputPath: 'out' },
        new AbortController().signal,
      ),
    );

    assert.equal(error.retryable, false);
    assert.equal(error.code, 'ECONNRESET');
    assert.match(error.message, /not repeated because the server may have started the conversion/);
    assert.deepEqual(server.requests, ['POST /v2.0/conversion/async']);
  });
});

describe('upload over a real socket', () => {
  it('stops sending a body the server answered early, renews the token and sends it again', async () => {
    let puts = 0;
    let firstClosed: () => void = () => {};
    const firstConnectionClosed = new Promise<void>((resolve) => {
      firstClosed = resolve;
    });
    let receivedBytes = 0;
    server = await standIn((request, response) => {
      puts += 1;
      if (puts === 1) {
        // Refuse without reading the body, and keep the connection open: only the client can end it.
        request.socket.on('close', () => firstClosed());
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end('{"message":"token expired"}');
        return;
      }
      request.on('data', (chunk: Buffer) => {
        receivedBytes += chunk.length;
      });
      request.on('end', () => response.end('{"uploaded":["big.bin"],"errors":[]}'));
    });
    const source = path.join(workDir, 'big.bin');
    await writeFile(source, Buffer.alloc(32 * 1024 * 1024, 5));

    await clientFor(server).uploadFile(source, 'in/big.bin', new AbortController().signal);

    assert.equal(puts, 2);
    assert.ok(receivedBytes > 32 * 1024 * 1024);
    await Promise.race([
      firstConnectionClosed,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('first upload connection left open')), 500),
      ),
    ]);
  });
});

describe('process lifetime', () => {
  it('leaves no timer or socket alive after aborting a backoff and a stalled download', async () => {
    server = await standIn((request, response) => {
      if (request.url === '/v2.0/conversion/formats') {
        response.writeHead(503).end('busy');
        return;
      }
      response.writeHead(200, { 'content-length': '1000000' });
      response.write(Buffer.alloc(1000));
    });
    const child = path.join(import.meta.dirname, 'fixtures', 'abort-child.ts');

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [child, server.baseUrl, path.join(workDir, 'stalled.bin')],
      { timeout: 30_000 },
    );

    const { outcomes, leftBehind } = JSON.parse(stdout) as { outcomes: string[]; leftBehind: string[] };
    assert.deepEqual(outcomes, ['cancelled by test', 'cancelled by test']);
    assert.deepEqual(leftBehind, [], 'a timer or socket outlived the aborted calls');
    assert.deepEqual(await readdir(workDir), []);
  });
});

describe('stalled requests', () => {
  it('abandons an upload the server never answers, and repeats it within the budget', async () => {
    server = await standIn(() => {
      // Accept the request, never answer.
    });
    const source = path.join(workDir, 'a.txt');
    await writeFile(source, 'hello');

    // Long enough that the token request, answered at once, never misses it on a loaded machine.
    const error = await failureOf(
      clientFor(server, { requestTimeoutMs: 400 }).uploadFile(
        source,
        'in/a.txt',
        new AbortController().signal,
      ),
    );

    assert.equal(error.code, 'ETIMEDOUT');
    assert.equal(error.attempts, 2);
    assert.match(error.message, /no progress for 400 ms/);
    assert.equal(server.requests.length, 2);
  });
});
