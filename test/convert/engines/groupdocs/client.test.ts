import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import nock from 'nock';
import {
  GroupDocsApiError,
  GroupDocsClient,
  type GroupDocsClientOptions,
} from '../../../../src/convert/engines/groupdocs/client.ts';
import { freshToken, tokenAnswer } from './fixtures/tokens.ts';

const BASE = 'http://gd.test';
const TOKEN = freshToken('client-tests');

function clientWith(options: Partial<GroupDocsClientOptions> = {}): GroupDocsClient {
  return new GroupDocsClient({
    baseUrl: BASE,
    clientId: 'client-id',
    clientSecret: 'client-secret',
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    random: () => 0.5,
    ...options,
  });
}

function tokenEndpoint(base = BASE, tokenPath = '/connect/token') {
  return nock(base).post(tokenPath).reply(200, tokenAnswer(TOKEN));
}

async function failureOf(promise: Promise<unknown>): Promise<GroupDocsApiError> {
  const error = await promise.then(
    () => assert.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof GroupDocsApiError, `expected GroupDocsApiError, got ${String(error)}`);
  return error;
}

/** The storage key a request path carries, decoded segment by segment. */
function keyFromPath(requestPath: string, route: string): string {
  const pathname = requestPath.split('?')[0] ?? '';
  assert.ok(pathname.startsWith(route), `${pathname} should start with ${route}`);
  return pathname.slice(route.length).split('/').map(decodeURIComponent).join('/');
}

/** A sleep that records the wait it was asked for and returns at once. */
function recordingSleep(waits: number[]) {
  return async (ms: number, abortSignal: AbortSignal) => {
    abortSignal.throwIfAborted();
    waits.push(ms);
  };
}

const signal = () => new AbortController().signal;
let workDir = '';

before(() => nock.disableNetConnect());
beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'gd-client-'));
});
afterEach(async () => {
  nock.cleanAll();
  await rm(workDir, { recursive: true, force: true });
});
after(() => nock.enableNetConnect());

describe('retries', () => {
  for (const status of [500, 502, 503, 504, 429]) {
    it(`repeats a status call after HTTP ${status} and returns the later answer`, async () => {
      tokenEndpoint();
      const scope = nock(BASE)
        .get('/v2.0/conversion/async')
        .query({ id: 'op-1' })
        .reply(status, { message: 'try later' })
        .get('/v2.0/conversion/async')
        .query({ id: 'op-1' })
        .reply(200, { id: 'op-1', status: 'Finished', result: [] });

      const operation = await clientWith().getOperation('op-1', signal());

      assert.equal(operation.status, 'Finished');
      assert.ok(scope.isDone());
    });
  }

  it('honours Retry-After in seconds even beyond maxDelayMs', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/formats')
      .reply(429, 'slow down', { 'Retry-After': '1' })
      .get('/v2.0/conversion/formats')
      .reply(200, []);
    const lines: string[] = [];
    const waits: number[] = [];

    await clientWith({
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 40 },
      random: () => 0,
      debug: (line) => lines.push(line),
      sleep: recordingSleep(waits),
    }).getSupportedFormats(signal());

    assert.deepEqual(waits, [1000]);
    assert.ok(
      lines.some((line) =>
        line.includes('attempt 1 of 2 failed (HTTP 429 — slow down); retrying in 1000 ms'),
      ),
      lines.join('\n'),
    );
  });

  it('waits the whole 120 s a server asks for, not the 15 s backoff maximum', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/formats')
      .reply(503, 'maintenance', { 'Retry-After': '120' })
      .get('/v2.0/conversion/formats')
      .reply(200, []);
    const waits: number[] = [];

    await clientWith({ retry: undefined, sleep: recordingSleep(waits) }).getSupportedFormats(signal());

    assert.deepEqual(waits, [120_000]);
  });

  it('gives up at once when Retry-After asks for more than 10 minutes', async () => {
    tokenEndpoint();
    const scope = nock(BASE)
      .get('/v2.0/conversion/formats')
      .reply(429, { message: 'quota exceeded' }, { 'Retry-After': '3600' })
      .get('/v2.0/conversion/formats')
      .reply(200, []);
    const waits: number[] = [];

    const error = await failureOf(
      clientWith({ retry: { maxAttempts: 6 }, sleep: recordingSleep(waits) }).getSupportedFormats(signal()),
    );

    assert.deepEqual(waits, []);
    assert.equal(error.status, 429);
    assert.equal(error.retryable, false);
    assert.equal(error.retryAfterMs, 3_600_000);
    assert.equal(
      error.message,
      'list formats failed: HTTP 429 — quota exceeded; the server asked to wait 3600 s before trying again, ' +
        'longer than the 600 s this client waits',
    );
    assert.equal(scope.pendingMocks().length, 1, 'the call must not be repeated');
  });

  it('waits exactly 10 minutes when a server asks for exactly 10 minutes', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/formats')
      .reply(429, 'slow down', { 'Retry-After': '600' })
      .get('/v2.0/conversion/formats')
      .reply(200, []);
    const waits: number[] = [];

    await clientWith({ sleep: recordingSleep(waits) }).getSupportedFormats(signal());

    assert.deepEqual(waits, [600_000]);
  });

  it('counts the attempts when a later answer asks for more than 10 minutes', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/formats')
      .reply(503, 'busy')
      .get('/v2.0/conversion/formats')
      .reply(429, 'quota exceeded', { 'Retry-After': '3600' });

    const error = await failureOf(clientWith({ sleep: recordingSleep([]) }).getSupportedFormats(signal()));

    assert.equal(error.retryable, false);
    assert.match(
      error.message,
      /^list formats failed after 2 attempts: HTTP 429 — quota exceeded; the server asked/,
    );
  });

  it('counts the attempts when a repeated request then meets an answer not worth repeating', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/formats')
      .reply(503, 'busy')
      .get('/v2.0/conversion/formats')
      .reply(400, { error: { message: 'bad request' } });

    const error = await failureOf(clientWith().getSupportedFormats(signal()));

    assert.equal(error.status, 400);
    assert.equal(error.message, 'list formats failed after 2 attempts: HTTP 400 — bad request');
  });

  it('renews a refused access token once and repeats the request with the new one', async () => {
    const renewed = freshToken('renewed');
    nock(BASE)
      .post('/connect/token')
      .reply(200, tokenAnswer(TOKEN))
      .post('/connect/token')
      .reply(200, tokenAnswer(renewed));
    const scope = nock(BASE)
      .get('/v2.0/conversion/formats')
      .matchHeader('authorization', `Bearer ${TOKEN}`)
      .reply(401, { error: { message: 'token revoked' } })
      .get('/v2.0/conversion/formats')
      .matchHeader('authorization', `Bearer ${renewed}`)
      .reply(200, [{ sourceFormat: 'md', targetFormats: ['pdf'] }]);
    const waits: number[] = [];

    const formats = await clientWith({ sleep: recordingSleep(waits) }).getSupportedFormats(signal());

    assert.deepEqual(formats, [{ sourceFormat: 'md', targetFormats: ['pdf'] }]);
    assert.ok(scope.isDone());
    assert.deepEqual(waits, [], 'a renewed token is used at once');
  });

  it('fails for good when the renewed token is refused too, and says so', async () => {
    nock(BASE)
      .post('/connect/token')
      .reply(200, tokenAnswer(TOKEN))
      .post('/connect/token')
      .reply(200, tokenAnswer(freshToken('renewed')));
    const scope = nock(BASE).get('/v2.0/conversion/formats').times(2).reply(401, '');

    const error = await failureOf(clientWith().getSupportedFormats(signal()));

    assert.equal(error.status, 401);
    assert.equal(error.retryable, false);
    assert.match(error.message, /Unauthorized \(refused again after renewing the access token\)/);
    assert.ok(scope.isDone());
    assert.equal(nock.pendingMocks().length, 0, 'no third request');
  });

  it('rejects with the abort reason when aborted while an answer is awaited', async () => {
    tokenEndpoint();
    nock(BASE).get('/v2.0/conversion/formats').delay(1000).reply(200, []);
    const controller = new AbortController();
    const reason = new Error('deadline reached');
    const call = clientWith().getSupportedFormats(controller.signal);
    setTimeout(() => controller.abort(reason), 20);

    await assert.rejects(call, (error) => error === reason);
  });

  it('honours Retry-After as an HTTP date (past dates mean now)', async () => {
    tokenEndpoint();
    const future = new Date(Date.now() + 30_000).toUTCString();
    const past = new Date(Date.now() - 30_000).toUTCString();
    nock(BASE)
      .get('/v2.0/conversion/formats')
      .reply(503, 'later', { 'Retry-After': future })
      .get('/v2.0/conversion/formats')
      .reply(503, 'later', { 'Retry-After': past })
      .get('/v2.0/conversion/formats')
      .reply(200, []);
    const waits: number[] = [];

    await clientWith({
      retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 30 },
      random: () => 0.99,
      sleep: recordingSleep(waits),
    }).getSupportedFormats(signal());

    // The date has whole seconds, so up to a second of the 30 is already gone.
    assert.equal(waits.length, 2);
    assert.ok((waits[0] ?? 0) > 28_000 && (waits[0] ?? 0) <= 30_000, String(waits[0]));
    assert.equal(waits[1], 0);
  });

  it('gives up after the attempt budget and surfaces the last error with the attempt count', async () => {
    tokenEndpoint();
    const scope = nock(BASE)
      .get('/v2.0/conversion/formats')
      .reply(503, { message: 'busy 1' })
      .get('/v2.0/conversion/formats')
      .reply(502, { message: 'busy 2' })
      .get('/v2.0/conversion/formats')
      .reply(503, { message: 'busy 3', code: 'Overloaded' });

    const error = await failureOf(clientWith().getSupportedFormats(signal()));

    assert.equal(error.status, 503);
    assert.equal(error.serverMessage, 'busy 3');
    assert.equal(error.attempts, 3);
    assert.equal(error.message, 'list formats failed after 3 attempts: HTTP 503 — busy 3 (code: Overloaded)');
    assert.ok(scope.isDone());
  });

  for (const status of [400, 403, 404, 409]) {
    it(`does not repeat after HTTP ${status}`, async () => {
      tokenEndpoint();
      nock(BASE)
        .get('/v2.0/conversion/async')
        .query(true)
        .reply(status, { message: `no ${status}` });

      const error = await failureOf(clientWith().getOperation('op-1', signal()));

      assert.equal(error.status, status);
      assert.equal(error.retryable, false);
      assert.equal(error.attempts, undefined);
      assert.equal(error.message, `status failed: HTTP ${status} — no ${status}`);
    });
  }

  it('repeats after a connection reset', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/formats')
      .replyWithError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))
      .get('/v2.0/conversion/formats')
      .reply(200, [{ sourceFormat: 'docx', targetFormats: ['pdf'] }]);

    assert.deepEqual(await clientWith().getSupportedFormats(signal()), [
      { sourceFormat: 'docx', targetFormats: ['pdf'] },
    ]);
  });

  it('reports a network failure after the budget with the code', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/formats')
      .times(2)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

    const error = await failureOf(
      clientWith({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).getSupportedFormats(signal()),
    );

    assert.equal(error.status, undefined);
    assert.equal(error.code, 'ECONNRESET');
    assert.equal(
      error.message,
      'list formats failed after 2 attempts: network error: socket hang up (ECONNRESET)',
    );
  });

  it('abandons an attempt that makes no progress and repeats it', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/formats')
      .delay(300)
      .reply(200, [])
      .get('/v2.0/conversion/formats')
      .reply(200, [{ sourceFormat: 'md', targetFormats: ['pdf'] }]);

    const formats = await clientWith({ requestTimeoutMs: 40 }).getSupportedFormats(signal());

    // The second answer, not the first (empty, 300 ms late): the stalled attempt was abandoned and repeated.
    assert.deepEqual(formats, [{ sourceFormat: 'md', targetFormats: ['pdf'] }]);
  });

  it('stops promptly with the abort reason when aborted during a backoff', async () => {
    tokenEndpoint();
    nock(BASE).get('/v2.0/conversion/formats').reply(503, 'busy');
    const controller = new AbortController();
    const reason = new Error('deadline reached');
    const lines: string[] = [];
    const call = clientWith({
      retry: { maxAttempts: 6, baseDelayMs: 10_000, maxDelayMs: 10_000 },
      random: () => 0.99,
      debug: (line) => {
        lines.push(line);
        if (line.includes('retrying in')) setTimeout(() => controller.abort(reason), 20);
      },
    }).getSupportedFormats(controller.signal);

    // Had the 9.9 s wait run out, the second attempt would have found no answer and failed otherwise.
    await assert.rejects(call, (error) => error === reason);

    assert.ok(lines.some((line) => line.includes('retrying in 9900 ms')));
    assert.ok(nock.isDone());
  });

  it('rejects at once with the reason when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await assert.rejects(clientWith().getSupportedFormats(controller.signal), /cancelled/);
  });
});

describe('starting a conversion', () => {
  const request = { filePath: 'run-1/in/a.docx', format: 'pdf', outputPath: 'run-1/out/a' };

  it('posts the settings and returns the operation id', async () => {
    tokenEndpoint();
    let settings: unknown;
    nock(BASE)
      .post('/v2.0/conversion/async')
      .reply(200, async (req: Request) => {
        settings = await req.json();
        return JSON.stringify('ecbfa56b-3545-4620-86a0-4c500c8ac38e');
      });

    const id = await clientWith({ storageName: 'MyStorage' }).startConversion(
      { ...request, loadOptions: { password: 'pw' }, convertOptions: { fromPage: 1, pagesCount: 2 } },
      signal(),
    );

    assert.equal(id, 'ecbfa56b-3545-4620-86a0-4c500c8ac38e');
    assert.deepEqual(settings, {
      filePath: 'run-1/in/a.docx',
      format: 'pdf',
      outputPath: 'run-1/out/a',
      storageName: 'MyStorage',
      loadOptions: { password: 'pw' },
      convertOptions: { fromPage: 1, pagesCount: 2 },
    });
  });

  it('is not repeated after a 500 that reached the server', async () => {
    tokenEndpoint();
    const scope = nock(BASE)
      .post('/v2.0/conversion/async')
      .reply(500, { error: { code: 'InternalError', message: 'boom' } });

    const error = await failureOf(clientWith().startConversion(request, signal()));

    assert.equal(error.status, 500);
    assert.equal(error.retryable, false);
    assert.equal(
      error.message,
      'start conversion of "run-1/in/a.docx" failed: HTTP 500 — boom (code: InternalError); ' +
        'not repeated because the server may have started the conversion',
    );
    assert.ok(scope.isDone());
  });

  for (const status of [429, 503]) {
    it(`is repeated when the server declined it with ${status}`, async () => {
      tokenEndpoint();
      nock(BASE)
        .post('/v2.0/conversion/async')
        .reply(status, 'busy')
        .post('/v2.0/conversion/async')
        .reply(200, '"op-2"');

      assert.equal(await clientWith().startConversion(request, signal()), 'op-2');
    });
  }

  it('is repeated when the connection was refused (the request never left)', async () => {
    tokenEndpoint();
    nock(BASE)
      .post('/v2.0/conversion/async')
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
      .post('/v2.0/conversion/async')
      .reply(200, '"op-3"');

    assert.equal(await clientWith().startConversion(request, signal()), 'op-3');
  });
});

describe('storage keys', () => {
  const keys = [
    'a #1.docx',
    '50% off?.docx',
    'c++ notes.md',
    'Überblick ñ 日本.docx',
    'run 1/in #2/sub folder/x&y=z.docx',
  ];

  for (const key of keys) {
    it(`round-trips ${JSON.stringify(key)} through upload, download and delete`, async () => {
      tokenEndpoint();
      const seen: string[] = [];
      const route = '/v2.0/conversion/storage/file/';
      const any = () => true;
      const record = (answer: unknown) => (request: Request) => {
        const url = new URL(request.url);
        seen.push(url.pathname);
        assert.equal(url.searchParams.get('storageName'), 'S 1');
        return answer;
      };
      nock(BASE)
        .put(any)
        .query(true)
        .reply(200, record({ uploaded: [key], errors: [] }))
        .get(any)
        .query(true)
        .reply(200, record('bytes'))
        .delete(any)
        .query(true)
        .reply(200, record(''));
      const source = path.join(workDir, 'source.bin');
      await writeFile(source, 'x');
      const client = clientWith({ storageName: 'S 1' });

      await client.uploadFile(source, key, signal());
      await client.downloadFile(key, path.join(workDir, 'out.bin'), signal());
      await client.deleteFile(key, signal());

      assert.equal(seen.length, 3);
      for (const uri of seen) assert.equal(keyFromPath(uri, route), key);
    });
  }

  it('addresses folders with recursive delete', async () => {
    tokenEndpoint();
    let seen = '';
    nock(BASE)
      .delete(() => true)
      .query({ recursive: 'true' })
      .reply(200, (request: Request) => {
        seen = new URL(request.url).pathname;
        return '';
      });

    await clientWith().deleteFolder('run #7/', signal());

    assert.equal(keyFromPath(seen, '/v2.0/conversion/storage/folder/'), 'run #7');
  });

  it('treats a delete of something already gone as done', async () => {
    tokenEndpoint();
    const scope = nock(BASE)
      .delete('/v2.0/conversion/storage/file/gone.docx')
      .reply(404, { message: 'not found' });

    await clientWith().deleteFile('gone.docx', signal());

    assert.ok(scope.isDone());
  });

  it('rejects keys the URL layer would rewrite, without sending anything', async () => {
    const error = await failureOf(clientWith().deleteFile('run/../etc', signal()));
    assert.equal(error.code, 'INVALID_STORAGE_KEY');
    assert.equal(error.retryable, false);
  });
});

describe('upload', () => {
  it('streams a multipart body with one File part, the exact bytes and Content-Length', async () => {
    tokenEndpoint();
    const content = randomBytes(100_000);
    const source = path.join(workDir, 'report.docx');
    await writeFile(source, content);
    let body = Buffer.alloc(0);
    let contentType = '';
    let contentLength = '';
    nock(BASE)
      .put('/v2.0/conversion/storage/file/run/in/%22quoted%22%20%C3%BC.docx')
      .reply(200, async (req: Request) => {
        body = Buffer.from(await req.arrayBuffer());
        contentType = req.headers.get('content-type') ?? '';
        contentLength = req.headers.get('content-length') ?? '';
        return { uploaded: ['"quoted" ü.docx'], errors: [] };
      });

    await clientWith().uploadFile(source, 'run/in/"quoted" ü.docx', signal());

    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(contentType)?.[1];
    assert.ok(boundary, contentType);
    assert.equal(Number(contentLength), body.length);
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="File"; filename="%22quoted%22 ü.docx"; ` +
        `filename*=UTF-8''%22quoted%22%20%C3%BC.docx\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    assert.deepEqual(body.subarray(0, head.length), head);
    assert.ok(body.subarray(head.length, body.length - tail.length).equals(content));
    assert.deepEqual(body.subarray(body.length - tail.length), tail);
  });

  it('re-opens the file for a repeated attempt', async () => {
    tokenEndpoint();
    const source = path.join(workDir, 'a.txt');
    await writeFile(source, 'hello');
    const bodies: string[] = [];
    nock(BASE)
      .put('/v2.0/conversion/storage/file/a.txt')
      .reply(503, async (req: Request) => {
        bodies.push(await req.text());
        return 'busy';
      })
      .put('/v2.0/conversion/storage/file/a.txt')
      .reply(200, async (req: Request) => {
        bodies.push(await req.text());
        return { uploaded: ['a.txt'], errors: [] };
      });

    await clientWith().uploadFile(source, 'a.txt', signal());

    assert.equal(bodies.length, 2);
    assert.ok(bodies.every((text) => text.includes('\r\n\r\nhello\r\n--')));
  });

  it('fails on errors listed in the answer', async () => {
    tokenEndpoint();
    const source = path.join(workDir, 'a.txt');
    await writeFile(source, 'hello');
    nock(BASE)
      .put('/v2.0/conversion/storage/file/in/a.txt')
      .reply(200, { uploaded: [], errors: [{ code: 'StorageFull', message: 'Quota exceeded' }] });

    const error = await failureOf(clientWith().uploadFile(source, 'in/a.txt', signal()));

    assert.equal(error.message, 'upload of "in/a.txt" failed: HTTP 200 — Quota exceeded (code: StorageFull)');
    assert.equal(error.retryable, false);
  });

  it('reports a missing local file without contacting the server', async () => {
    const error = await failureOf(
      clientWith().uploadFile(path.join(workDir, 'missing.docx'), 'in/x.docx', signal()),
    );

    assert.equal(error.code, 'ENOENT');
    assert.equal(error.operation, 'upload');
    assert.equal(error.retryable, false);
  });
});

describe('download', () => {
  it('writes the exact bytes, creating folders, and leaves nothing else behind', async () => {
    tokenEndpoint();
    const content = randomBytes(300_000);
    nock(BASE)
      .get('/v2.0/conversion/storage/file/out/a.pdf')
      .reply(200, content, { 'Content-Length': String(content.length) });
    const target = path.join(workDir, 'deep', 'er', 'a.pdf');

    await clientWith().downloadFile('out/a.pdf', target, signal());

    assert.ok((await readFile(target)).equals(content));
    assert.deepEqual(await readdir(path.dirname(target)), ['a.pdf']);
  });

  it('replaces an existing file with a complete new download', async () => {
    tokenEndpoint();
    const target = path.join(workDir, 'a.pdf');
    await writeFile(target, 'old');
    nock(BASE).get('/v2.0/conversion/storage/file/a.pdf').reply(200, 'new content');

    await clientWith().downloadFile('a.pdf', target, signal());

    assert.equal(await readFile(target, 'utf8'), 'new content');
  });

  it('accepts a body of unknown length (no Content-Length) as it comes', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/storage/file/a.pdf')
      .reply(200, () => Readable.from([Buffer.from('chunk one, '), Buffer.from('chunk two')]));
    const target = path.join(workDir, 'a.pdf');

    await clientWith().downloadFile('a.pdf', target, signal());

    assert.equal(await readFile(target, 'utf8'), 'chunk one, chunk two');
  });

  it('explains a missing storage file with the server message', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/storage/file/in/a%20b.docx')
      .reply(404, {
        requestId: 'f1c5',
        error: {
          code: 'errorItemNotFound',
          message: 'AmazonS3 Storage exception: The specified key does not exist.',
        },
      });
    const target = path.join(workDir, 'a b.docx');

    const error = await failureOf(clientWith().downloadFile('in/a b.docx', target, signal()));

    assert.equal(
      error.message,
      'download of "in/a b.docx" failed: HTTP 404 — AmazonS3 Storage exception: The specified key does not exist. (code: errorItemNotFound)',
    );
    assert.equal(error.storageKey, 'in/a b.docx');
    assert.equal(error.operation, 'download');
    assert.deepEqual(await readdir(workDir), []);
  });
});

describe('error bodies', () => {
  const shapes: [string, unknown, string][] = [
    [
      'nested error object',
      {
        requestId: 'r1',
        error: { code: 'InvalidFormat', message: 'Unknown format', description: 'Use pdf' },
      },
      'status failed: HTTP 400 — Unknown format Use pdf (code: InvalidFormat)',
    ],
    [
      'flat message and code',
      { message: 'Operation not found', code: 404 },
      'status failed: HTTP 400 — Operation not found (code: 404)',
    ],
    [
      'bare JSON string',
      JSON.stringify('Operation not found'),
      'status failed: HTTP 400 — Operation not found',
    ],
    ['plain text', 'Bad things happened', 'status failed: HTTP 400 — Bad things happened'],
    ['empty body', '', 'status failed: HTTP 400 — Bad Request'],
  ];
  for (const [shape, body, message] of shapes) {
    it(`reads the server message from a ${shape}`, async () => {
      tokenEndpoint();
      nock(BASE)
        .get('/v2.0/conversion/async')
        .query(true)
        .reply(400, body as string);

      const error = await failureOf(clientWith().getOperation('op-1', signal()));

      assert.equal(error.message, message);
    });
  }
});

describe('answers', () => {
  it('reads an operation in camelCase with results', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/async')
      .query({ id: 'op-9' })
      .reply(200, {
        id: 'op-9',
        method: 'ConvertAndSave',
        status: 'Finished',
        created: '2024-05-01T10:00:00Z',
        finished: '2024-05-01T10:00:03Z',
        result: [
          { name: 'a-page-1.png', size: 10, path: 'out/a-page-1.png', url: 'Storage:out/a-page-1.png' },
        ],
      });

    assert.deepEqual(await clientWith().getOperation('op-9', signal()), {
      id: 'op-9',
      status: 'Finished',
      created: '2024-05-01T10:00:00Z',
      finished: '2024-05-01T10:00:03Z',
      result: [{ name: 'a-page-1.png', size: 10, path: 'out/a-page-1.png', url: 'Storage:out/a-page-1.png' }],
    });
  });

  it('reads an operation in PascalCase, with a failure and a null result', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/async')
      .query({ id: 'op-8' })
      .reply(200, { Id: 'op-8', Status: 'Failed', Result: null, Error: 'Password is required' });

    assert.deepEqual(await clientWith().getOperation('op-8', signal()), {
      id: 'op-8',
      status: 'Failed',
      result: [],
      error: 'Password is required',
    });
  });

  it('reads supported formats in either case', async () => {
    tokenEndpoint();
    nock(BASE)
      .get('/v2.0/conversion/formats')
      .reply(200, [
        { sourceFormat: 'docx', targetFormats: ['pdf', 'html'] },
        { SourceFormat: 'md', TargetFormats: ['pdf'] },
      ]);

    assert.deepEqual(await clientWith().getSupportedFormats(signal()), [
      { sourceFormat: 'docx', targetFormats: ['pdf', 'html'] },
      { sourceFormat: 'md', targetFormats: ['pdf'] },
    ]);
  });
});

describe('base URL', () => {
  for (const baseUrl of ['http://gd.test/', 'http://gd.test']) {
    it(`works with ${baseUrl}`, async () => {
      const token = tokenEndpoint('http://gd.test', '/connect/token');
      const api = nock('http://gd.test').get('/v2.0/conversion/formats').reply(200, []);

      await clientWith({ baseUrl }).getSupportedFormats(signal());

      assert.ok(token.isDone() && api.isDone());
    });
  }

  for (const baseUrl of ['http://proxy.test/gd/', 'http://proxy.test/gd']) {
    it(`keeps the path prefix of ${baseUrl}`, async () => {
      const token = tokenEndpoint('http://proxy.test', '/gd/connect/token');
      const api = nock('http://proxy.test').get('/gd/v2.0/conversion/formats').reply(200, []);

      await clientWith({ baseUrl }).getSupportedFormats(signal());

      assert.ok(token.isDone() && api.isDone());
    });
  }

  it('rejects a base URL that is not http(s)', () => {
    assert.throws(() => clientWith({ baseUrl: 'ftp://gd.test' }), /http:\/\/ or https:\/\//);
    assert.throws(() => clientWith({ baseUrl: 'not a url' }), /not a valid URL/);
  });
});
