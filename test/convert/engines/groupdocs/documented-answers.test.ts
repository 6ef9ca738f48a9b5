/**
 * Every answer shape the service's documentation and the official SDKs show (test/emulator/CONFORMANCE.md), read
 * by the client: statuses in any case and as numbers, a start answered in bare text, results located by `url`
 * alone, a token of a day. HTTP through nock; nothing reaches any other host.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import nock from 'nock';
import {
  GroupDocsApiError,
  GroupDocsClient,
  type GroupDocsClientOptions,
} from '../../../../src/convert/engines/groupdocs/client.ts';
import { freshToken, jwtWith, tokenAnswer } from './fixtures/tokens.ts';

const BASE = 'http://gd.test';
const TOKEN = freshToken('documented-answers');

function clientWith(options: Partial<GroupDocsClientOptions> = {}): GroupDocsClient {
  return new GroupDocsClient({
    baseUrl: BASE,
    clientId: 'client-id',
    clientSecret: 'client-secret',
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
}

async function failureOf(promise: Promise<unknown> | (() => unknown)): Promise<GroupDocsApiError> {
  const error = await (typeof promise === 'function' ? Promise.resolve().then(promise) : promise).then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof GroupDocsApiError, `expected GroupDocsApiError, got ${String(error)}`);
  return error;
}

const signal = () => new AbortController().signal;
let workDir = '';

before(() => nock.disableNetConnect());
beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'gd-documented-'));
});
afterEach(async () => {
  nock.cleanAll();
  await rm(workDir, { recursive: true, force: true });
});
after(() => nock.enableNetConnect());

describe('operation statuses', () => {
  const statusOf = async (status: unknown) => {
    nock(BASE).post('/connect/token').reply(200, tokenAnswer(TOKEN));
    nock(BASE).get('/v2.0/conversion/async').query({ id: 'op' }).reply(200, { id: 'op', status });
    return (await clientWith().getOperation('op', signal())).status;
  };

  it('reads a status name in any case', async () => {
    assert.equal(await statusOf('finished'), 'Finished');
    assert.equal(await statusOf('STARTED'), 'Started');
    assert.equal(await statusOf('Canceled'), 'Canceled');
  });

  it('reads the documented numbers in the Python SDK’s order, as JSON numbers or digits', async () => {
    const order = ['Created', 'Started', 'Failed', 'Canceled', 'Finished'];
    for (const [number, name] of order.entries()) {
      assert.equal(await statusOf(number), name, `status ${number}`);
      assert.equal(await statusOf(String(number)), name, `status "${number}"`);
    }
  });

  it('refuses a status that is neither a known name nor one of the five numbers', async () => {
    for (const status of [5, -1, 'Done', '', null]) {
      nock(BASE).post('/connect/token').reply(200, tokenAnswer(TOKEN));
      nock(BASE).get('/v2.0/conversion/async').query({ id: 'op' }).reply(200, { id: 'op', status });
      const error = await failureOf(clientWith().getOperation('op', signal()));
      assert.equal(error.code, 'UNEXPECTED_RESPONSE', String(status));
      assert.match(error.message, /unknown operation status/);
    }
  });
});

describe('the start’s answer', () => {
  const SETTINGS = { filePath: 'in/a.docx', format: 'pdf', outputPath: 'out' };
  const startAnswering = (status: number, body: string, contentType: string) => {
    nock(BASE).post('/connect/token').reply(200, tokenAnswer(TOKEN));
    return nock(BASE).post('/v2.0/conversion/async').reply(status, body, { 'content-type': contentType });
  };

  it('takes the documented JSON string', async () => {
    startAnswering(200, '"ecbfa56b-3545-4620-86a0-4c500c8ac38e"', 'application/json');
    assert.equal(
      await clientWith().startConversion(SETTINGS, signal()),
      'ecbfa56b-3545-4620-86a0-4c500c8ac38e',
    );
  });

  it('takes bare text that looks like an id, as the Python SDK falls back to the raw text', async () => {
    startAnswering(200, 'ecbfa56b-3545-4620-86a0-4c500c8ac38e\n', 'text/plain');
    assert.equal(
      await clientWith().startConversion(SETTINGS, signal()),
      'ecbfa56b-3545-4620-86a0-4c500c8ac38e',
    );
  });

  it('takes a bare-text id from a direct start too', async () => {
    nock(BASE).post('/connect/token').reply(200, tokenAnswer(TOKEN));
    nock(BASE)
      .put('/v2.0/conversion/async')
      .query({ format: 'pdf' })
      .reply(200, 'op-42', { 'content-type': 'text/plain' });
    const source = path.join(workDir, 'a.docx');
    await import('node:fs/promises').then((fs) => fs.writeFile(source, 'doc'));
    assert.equal(await clientWith().startDirectConversion(source, 'a.docx', 'pdf', signal()), 'op-42');
  });

  it('refuses bare text that is no id, quoting its start without the secret', async () => {
    startAnswering(200, '<html>Gateway says client-secret is wrong</html>', 'text/html');
    const error = await failureOf(clientWith().startConversion(SETTINGS, signal()));
    assert.equal(error.code, 'UNEXPECTED_RESPONSE');
    assert.match(error.message, /neither JSON nor an operation id/);
    assert.ok(!error.message.includes('client-secret'), error.message);
  });

  it('refuses JSON that holds no id (null, true, an empty string)', async () => {
    for (const body of ['null', 'true', '""', '{}']) {
      startAnswering(200, body, 'application/json');
      const error = await failureOf(clientWith().startConversion(SETTINGS, signal()));
      assert.match(error.message, /no operation id/, body);
    }
  });
});

describe('where a result is', () => {
  const PDF = Buffer.from('%PDF-1.4 result');

  /** Locates and downloads one result; returns the bytes written and what the server saw. */
  const fetchResult = async (
    result: { path: string; url?: string },
    server: (scope: nock.Scope) => nock.Interceptor,
    options: Partial<GroupDocsClientOptions> = {},
  ) => {
    nock(BASE).post('/connect/token').reply(200, tokenAnswer(TOKEN));
    const seen: { path: string; authorization: string }[] = [];
    const scope = server(nock(BASE)).reply(
      200,
      (request: Request) => {
        const url = new URL(request.url);
        seen.push({
          path: url.pathname + url.search,
          authorization: String(request.headers.get('authorization')),
        });
        return PDF;
      },
      { 'content-length': String(PDF.length) },
    );
    const client = clientWith(options);
    const target = path.join(workDir, 'out', 'one-page.pdf');
    await client.downloadLocated(client.locateResult(result), target, signal());
    assert.ok(scope.isDone());
    assert.deepEqual(await readFile(target), PDF);
    return seen;
  };

  it('prefers path over url', async () => {
    const seen = await fetchResult(
      { path: 'run/out/one-page.pdf', url: 'https://elsewhere.test/x.pdf' },
      (s) => s.get('/v2.0/conversion/storage/file/run/out/one-page.pdf'),
    );
    assert.equal(seen.length, 1);
  });

  it('reads a url that is a storage key', async () => {
    const seen = await fetchResult({ path: '', url: 'converted/one page.pdf' }, (s) =>
      s.get('/v2.0/conversion/storage/file/converted/one%20page.pdf'),
    );
    assert.deepEqual(seen, [
      { path: '/v2.0/conversion/storage/file/converted/one%20page.pdf', authorization: `Bearer ${TOKEN}` },
    ]);
  });

  it('reads a storage-prefixed key from the configured storage, or from the default one when none is set', async () => {
    await fetchResult(
      { path: '', url: 'MyStorage:converted/one-page.pdf' },
      (s) =>
        s.get('/v2.0/conversion/storage/file/converted/one-page.pdf').query({ storageName: 'MyStorage' }),
      { storageName: 'MyStorage' },
    );
    const seen = await fetchResult({ path: '', url: 'MyStorage:converted/one-page.pdf' }, (s) =>
      s.get('/v2.0/conversion/storage/file/converted/one-page.pdf'),
    );
    assert.equal(
      seen[0]?.path,
      '/v2.0/conversion/storage/file/converted/one-page.pdf',
      'no storageName sent',
    );
  });

  it('refuses a key said to be in another storage than the configured one', async () => {
    const error = await failureOf(() =>
      clientWith({ storageName: 'Mine' }).locateResult({ path: '', url: 'Theirs:converted/one-page.pdf' }),
    );
    assert.equal(error.code, 'RESULT_LOCATION');
    assert.match(error.message, /another storage than the configured storage-name/);
  });

  it('downloads a full URL on the configured API’s origin with the credentials, as given', async () => {
    const seen = await fetchResult(
      { path: '', url: `${BASE}/v2.0/conversion/storage/file/Output/one-page.pdf?storageName=s` },
      (s) => s.get('/v2.0/conversion/storage/file/Output/one-page.pdf').query({ storageName: 's' }),
    );
    assert.equal(seen[0]?.authorization, `Bearer ${TOKEN}`);
  });

  for (const [what, url] of [
    ['another host', 'https://api-qa.groupdocs.cloud/v2.0/conversion/storage/file/Output/one-page.pdf'],
    ['the same host over another scheme', 'https://gd.test/v2.0/conversion/storage/file/Output/one-page.pdf'],
    ['the same host on another port', 'http://gd.test:8080/v2.0/conversion/storage/file/Output/one-page.pdf'],
    ['user info in the URL', 'http://user:pw@gd.test/v2.0/conversion/storage/file/Output/one-page.pdf'],
  ] as const) {
    it(`sends nothing to a result URL on ${what}, and says why without the URL`, async () => {
      const elsewhere = nock(/.*/).get(/.*/).reply(200, 'stolen');
      const client = clientWith();
      const error = await failureOf(() => client.locateResult({ path: '', url }));
      assert.equal(error.code, 'RESULT_LOCATION');
      assert.equal(error.retryable, false);
      assert.match(error.message, /another host than the configured API/);
      assert.ok(!error.message.includes('groupdocs.cloud') && !error.message.includes('pw@'), error.message);
      assert.ok(!elsewhere.isDone(), 'a request was sent');
      assert.deepEqual(await readdir(workDir), []);
    });
  }

  it('refuses a result with neither path nor url', async () => {
    const error = await failureOf(() => clientWith().locateResult({ path: '' }));
    assert.match(error.message, /neither a path nor a url/);
  });
});

describe('a token of a day', () => {
  it('keeps an 86400 s token (expires_in 86400) for the day and renews it in the last minute', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const issued = (label: string) => jwtWith({ sub: label, iat: clock / 1000, exp: clock / 1000 + 86_400 });
    const first = issued('day-1');
    nock(BASE).post('/connect/token').reply(200, tokenAnswer(first, 86_400));
    const seen: string[] = [];
    nock(BASE)
      .get('/v2.0/conversion/async')
      .query(true)
      .times(3)
      .reply(200, (request: Request) => {
        seen.push(String(request.headers.get('authorization')));
        return { id: 'op', status: 'Started' };
      });
    const client = clientWith({ now: () => clock });

    await client.getOperation('op', signal());
    clock += 86_400_000 - 61_000; // 23 h 58 min 59 s later: more than the 60 s margin left
    await client.getOperation('op', signal());
    clock += 2_000; // inside the margin
    const second = issued('day-2');
    nock(BASE).post('/connect/token').reply(200, tokenAnswer(second, 86_400));
    await client.getOperation('op', signal());

    assert.deepEqual(seen, [`Bearer ${first}`, `Bearer ${first}`, `Bearer ${second}`]);
  });
});
