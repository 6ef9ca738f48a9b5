import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { assertValidPdf, pngChunks, zipEntries } from './file-checks.ts';
import { type Emulator, type EmulatorOptions, startEmulator } from './server.ts';

const credentials =
  'grant_type=client_credentials&client_id=emulator-client-id&client_secret=emulator-client-secret';

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

async function requestToken(emulator: Emulator, body = credentials): Promise<Response> {
  return fetch(`${emulator.url}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

/** A small client over fetch, the way a user of the API would call it. */
async function connect(emulator: Emulator) {
  const response = await requestToken(emulator);
  assert.equal(response.status, 200);
  const token = ((await response.json()) as { access_token: string }).access_token;
  const auth = { authorization: `Bearer ${token}` };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${emulator.url}/v2.0/conversion${path}`, { ...init, headers: { ...auth, ...init.headers } });
  const upload = async (key: string, data: Buffer | string) => {
    const form = new FormData();
    form.append('File', new Blob([data]), key.split('/').pop());
    return api(`/storage/file/${encodeKey(key)}`, { method: 'PUT', body: form });
  };
  const start = async (settings: Record<string, unknown>) => {
    const response = await api('/async', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    assert.equal(response.status, 200);
    const id = await response.json();
    assert.equal(typeof id, 'string');
    return id as string;
  };
  const status = async (id: string) => {
    const response = await api(`/async?id=${id}`);
    assert.equal(response.status, 200);
    return (await response.json()) as OperationResult;
  };
  /** Polls every 5 ms; gives up after `checks` status calls (a count, not a clock). */
  const until = async (id: string, done: (op: OperationResult) => boolean, checks = 2000) => {
    for (let check = 1; ; check++) {
      const op = await status(id);
      if (done(op)) return op;
      assert.ok(check < checks, `operation ${id} still ${op.status} after ${checks} checks`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const settled = (id: string) => until(id, (op) => op.status === 'Finished' || op.status === 'Failed');
  const download = async (key: string) => {
    const response = await api(`/storage/file/${encodeKey(key)}`);
    assert.equal(response.status, 200);
    return Buffer.from(await response.arrayBuffer());
  };
  return { token, auth, api, upload, start, status, until, settled, download };
}

interface OperationResult {
  id: string;
  method: string;
  status: string;
  created: string;
  started?: string;
  finished?: string;
  failed?: string;
  result?: Array<{ name: string; size: number; path: string | null; url: string | null }>;
  error?: string;
}

/** Raw HTTP, for paths fetch would normalise (`..`) and for dropped sockets. */
function rawRequest(url: string, method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const { hostname, port } = new URL(url);
    // Options, not a URL string: a URL would resolve the `..` segments before sending.
    const req = request({ hostname, port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function withEmulator(
  options: EmulatorOptions,
  use: (emulator: Emulator) => Promise<void>,
): Promise<void> {
  const emulator = await startEmulator(options);
  try {
    await use(emulator);
  } finally {
    await emulator.close();
  }
}

const fast: EmulatorOptions = { conversion: { fixedMs: 5 } };

describe('token', () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ ...fast, tokenLifetimeSeconds: 120 });
  });
  after(() => emulator.close());

  it('issues a JWT whose exp claim matches expires_in', async () => {
    const response = await requestToken(emulator);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { access_token: string; expires_in: number; token_type: string };
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 120);
    const [header, payload, signature] = body.access_token.split('.');
    assert.ok(header && payload && signature);
    assert.equal(JSON.parse(Buffer.from(header, 'base64url').toString()).alg, 'HS256');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp: number; iat: number };
    assert.equal(claims.exp - claims.iat, 120);
    assert.ok(Math.abs(claims.iat - Date.now() / 1000) < 5);
    assert.ok(emulator.stats().tokensIssued.includes(body.access_token));
  });

  it('answers 400 invalid_client to bad credentials', async () => {
    const response = await requestToken(emulator, credentials.replace('emulator-client-secret', 'wrong'));
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), { error: 'invalid_client' });
  });

  it('answers 401 with the documented error shape to a missing or forged token', async () => {
    const missing = await fetch(`${emulator.url}/v2.0/conversion/formats`);
    assert.equal(missing.status, 401);
    const body = (await missing.json()) as { requestId: string; error: { code: string; message: string } };
    assert.equal(typeof body.requestId, 'string');
    assert.equal(body.error.code, 'Unauthorized');
    const { token } = await connect(emulator);
    const forged = `${token.slice(0, token.lastIndexOf('.'))}.AAAA`;
    const response = await fetch(`${emulator.url}/v2.0/conversion/formats`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    assert.equal(response.status, 401);
  });

  it('answers 401 once the token has expired', async () => {
    let clock = Math.floor(Date.now() / 1000) * 1000; // JWT times are whole seconds
    await withEmulator({ ...fast, tokenLifetimeSeconds: 1, now: () => clock }, async (shortLived) => {
      const client = await connect(shortLived);
      assert.equal((await client.api('/formats')).status, 200);
      clock += 999;
      assert.equal((await client.api('/formats')).status, 200);
      clock += 2;
      const expired = await client.api('/formats');
      assert.equal(expired.status, 401);
      assert.match(((await expired.json()) as { error: { message: string } }).error.message, /expired/);
    });
  });
});

describe('storage', () => {
  let emulator: Emulator;
  let client: Awaited<ReturnType<typeof connect>>;
  before(async () => {
    emulator = await startEmulator(fast);
    client = await connect(emulator);
  });
  after(() => emulator.close());

  it('round-trips exact bytes under a name with spaces, #, %, + and non-ASCII', async () => {
    const key = 'in/run 1/four pages #1 100% a+b ünï 文档.docx';
    const data = randomBytes(300 * 1024);
    const uploaded = await client.upload(key, data);
    assert.equal(uploaded.status, 200);
    assert.deepEqual(await uploaded.json(), {
      uploaded: ['four pages #1 100% a+b ünï 文档.docx'],
      errors: [],
    });
    assert.deepEqual(await emulator.listStorage('in'), [key]);
    assert.ok((await client.download(key)).equals(data));
    const exists = await client.api(`/storage/exist/${encodeKey(key)}`);
    assert.deepEqual(await exists.json(), { exists: true, isFolder: false });
    const folder = await client.api('/storage/exist/in/run%201');
    assert.deepEqual(await folder.json(), { exists: true, isFolder: true });
  });

  it('reports a missing key the way the real storage does', async () => {
    const response = await client.api('/storage/file/in/nothing-here.docx');
    assert.equal(response.status, 404);
    const body = (await response.json()) as { error: { message: string } };
    assert.equal(body.error.message, 'AmazonS3 Storage exception: The specified key does not exist.');
    const exists = await client.api('/storage/exist/in/nothing-here.docx');
    assert.deepEqual(await exists.json(), { exists: false, isFolder: false });
  });

  it('refuses `..` segments, raw, percent-encoded or between encoded slashes, and empty ones', async () => {
    for (const path of [
      '/in/../../etc/passwd',
      '/in/%2e%2e/x.docx',
      '/in%2F..%2F..%2Fx.docx',
      '/a%2F%2Fb.docx',
    ]) {
      const response = await rawRequest(
        emulator.url,
        'GET',
        `/v2.0/conversion/storage/file${path}`,
        client.auth,
      );
      assert.equal(response.status, 400, path);
      assert.equal(JSON.parse(response.body).error.code, 'InvalidPath');
    }
  });

  it('refuses an upload that is not multipart or has no File part', async () => {
    const raw = await client.api('/storage/file/in/raw.txt', { method: 'PUT', body: 'bytes' });
    assert.equal(raw.status, 400);
    const form = new FormData();
    form.append('Other', new Blob(['x']), 'x.txt');
    const wrongPart = await client.api('/storage/file/in/other.txt', { method: 'PUT', body: form });
    assert.equal(wrongPart.status, 400);
    assert.deepEqual(await emulator.listStorage('in/raw.txt'), []);
    assert.deepEqual(await emulator.listStorage('in/other.txt'), []);
  });

  it('deletes a file, then a folder recursively, leaving nothing listed', async () => {
    await client.upload('job/a/one.txt', 'one');
    await client.upload('job/a/b/two.txt', 'two');
    await client.upload('job/three.txt', 'three');
    assert.equal((await client.api('/storage/file/job/three.txt', { method: 'DELETE' })).status, 200);
    assert.deepEqual(await emulator.listStorage('job'), ['job/a/b/two.txt', 'job/a/one.txt']);
    const notRecursive = await client.api('/storage/folder/job', { method: 'DELETE' });
    assert.equal(notRecursive.status, 400);
    const recursive = await client.api('/storage/folder/job?recursive=true', { method: 'DELETE' });
    assert.equal(recursive.status, 200);
    assert.deepEqual(await emulator.listStorage('job'), []);
    assert.deepEqual(await (await client.api('/storage/exist/job')).json(), {
      exists: false,
      isFolder: false,
    });
  });

  it('keeps named storages apart', async () => {
    await client.upload('shared.txt', 'default');
    const form = new FormData();
    form.append('File', new Blob(['named']), 'shared.txt');
    await client.api('/storage/file/shared.txt?storageName=Second', { method: 'PUT', body: form });
    assert.equal((await client.download('shared.txt')).toString(), 'default');
    const named = await client.api('/storage/file/shared.txt?storageName=Second');
    assert.equal(await named.text(), 'named');
    assert.deepEqual(await emulator.listStorage('', 'Second'), ['shared.txt']);
  });
});

describe('async conversion', () => {
  it('goes Created → Started → Finished as slots free up, outputs naming the input and its sha256', async () => {
    await withEmulator({ conversion: { fixedMs: 20 }, capacity: 1 }, async (emulator) => {
      const client = await connect(emulator);
      const first = Buffer.from('first document');
      const second = Buffer.from('second document');
      await client.upload('in/hang.docx', 'holds the only slot for ever');
      await client.upload('in/first.docx', first);
      await client.upload('in/second doc #2.docx', second);
      const blocker = await client.start({ filePath: 'in/hang.docx', format: 'pdf', outputPath: 'out' });
      const a = await client.start({ filePath: 'in/first.docx', format: 'pdf', outputPath: 'out' });
      const b = await client.start({ FilePath: 'in/second doc #2.docx', Format: 'pdf', OutputPath: 'out' });
      assert.equal((await client.status(blocker)).status, 'Started');
      assert.equal((await client.status(a)).status, 'Created');
      assert.equal((await client.status(b)).status, 'Created');
      emulator.options.capacity = 2; // applies from the next request on
      assert.equal((await client.status(a)).status, 'Started');
      const doneA = await client.settled(a);
      const doneB = await client.settled(b);
      for (const [op, key, data] of [
        [doneA, 'in/first.docx', first],
        [doneB, 'in/second doc #2.docx', second],
      ] as const) {
        assert.equal(op.status, 'Finished');
        assert.equal(op.method, 'ConvertAndSave');
        assert.ok(op.created && op.started && op.finished);
        assert.ok(Date.parse(op.finished) >= Date.parse(op.started));
        const stem = key
          .split('/')
          .pop()
          ?.replace(/\.docx$/, '');
        const result = op.result?.[0];
        assert.deepEqual(op.result?.length, 1);
        assert.equal(result?.name, `${stem}.pdf`);
        assert.equal(result?.path, `out/${stem}.pdf`);
        const pdf = await client.download(result.path);
        assert.equal(pdf.length, result.size);
        assertValidPdf(pdf);
        assert.ok(pdf.includes(`source: ${key}`));
        assert.ok(pdf.includes(`sha256: ${sha256(data)}`));
      }
      const stats = emulator.stats();
      assert.equal(stats.peakConversions, 2);
      const [, opA, opB] = stats.operations;
      assert.ok(opA?.finishedAt !== undefined && opB?.startedAt !== undefined);
      assert.ok(opB.startedAt >= opA.finishedAt, 'the second waited for the slot');
      assert.equal(opA.workMs, 20);
      assert.equal(opA.inputBytes, first.length);
    });
  });

  it('never runs more than `capacity` at once and starts waiting operations first in, first out', async () => {
    await withEmulator(
      { conversion: { fixedMs: 30, jitterMs: 10 }, capacity: 2, seed: 7 },
      async (emulator) => {
        const client = await connect(emulator);
        for (let i = 0; i < 6; i++) await client.upload(`in/doc-${i}.docx`, `document ${i}`);
        const ids = await Promise.all(
          [0, 1, 2, 3, 4, 5].map((i) =>
            client.start({ filePath: `in/doc-${i}.docx`, format: 'txt', outputPath: 'out' }),
          ),
        );
        for (const id of ids) assert.equal((await client.settled(id)).status, 'Finished');
        const stats = emulator.stats();
        assert.equal(stats.peakConversions, 2);
        const starts = stats.operations.map((op) => op.startedAt ?? Number.NaN);
        assert.deepEqual(
          starts,
          [...starts].sort((x, y) => x - y),
        );
        const text = (await client.download('out/doc-3.txt')).toString();
        assert.ok(text.includes(`sha256: ${sha256('document 3')}`));
      },
    );
  });

  it('gives image targets one output per page', async () => {
    await withEmulator({ ...fast, pages: 2 }, async (emulator) => {
      const client = await connect(emulator);
      await client.upload('in/slides.pptx', 'slides');
      const op = await client.settled(
        await client.start({ filePath: 'in/slides.pptx', format: 'png', outputPath: 'img' }),
      );
      assert.deepEqual(
        op.result?.map((r) => r.path),
        ['img/slides-page-1.png', 'img/slides-page-2.png'],
      );
      const page2 = await client.download('img/slides-page-2.png');
      const text = pngChunks(page2).get('tEXt')?.[0]?.toString('utf8') ?? '';
      assert.ok(text.includes(`sha256: ${sha256('slides')}`));
      assert.ok(text.includes('page: 2'));
      assert.ok(text.includes('source: in/slides.pptx'));
    });
  });

  it('fails corrupt inputs, unsupported pairs and missing inputs; hangs `hang` inputs; names `escape` outputs hostilely', async () => {
    await withEmulator(fast, async (emulator) => {
      const client = await connect(emulator);
      for (const name of ['corrupt.docx', 'hang.docx', 'escape.docx', 'plain.docx']) {
        await client.upload(`in/${name}`, name);
      }
      const corrupt = await client.settled(
        await client.start({ filePath: 'in/corrupt.docx', format: 'pdf', outputPath: 'o' }),
      );
      assert.equal(corrupt.status, 'Failed');
      assert.equal(corrupt.error, 'Document is corrupted or has an unsupported format');
      assert.ok(corrupt.failed);
      assert.equal(corrupt.result, undefined);

      const unsupported = await client.settled(
        await client.start({ filePath: 'in/plain.docx', format: 'xlsx', outputPath: 'o' }),
      );
      assert.equal(unsupported.status, 'Failed');
      assert.match(unsupported.error ?? '', /docx.*xlsx.*not supported/);

      const missing = await client.settled(
        await client.start({ filePath: 'in/absent.docx', format: 'pdf', outputPath: 'o' }),
      );
      assert.equal(missing.status, 'Failed');
      assert.match(missing.error ?? '', /specified key does not exist/);

      const hang = await client.start({ filePath: 'in/hang.docx', format: 'pdf', outputPath: 'o' });
      const escaped = await client.settled(
        await client.start({ filePath: 'in/escape.docx', format: 'pdf', outputPath: 'o' }),
      );
      assert.equal(escaped.status, 'Finished');
      assert.equal(escaped.result?.[0]?.name, '../../escaped.pdf');
      assert.equal(
        escaped.result?.[0]?.path,
        'o/escaped.pdf',
        'the hostile name is served from a plain path',
      );
      assert.deepEqual(await emulator.listStorage('o'), ['o/escaped.pdf']);
      assert.equal((await client.status(hang)).status, 'Started');
      assert.equal(emulator.stats().operations.find((op) => op.id === hang)?.status, 'Started');
    });
  });

  it('answers 404 "Operation not found" for an unknown id and 400 without one', async () => {
    await withEmulator(fast, async (emulator) => {
      const client = await connect(emulator);
      const unknown = await client.api('/async?id=ecbfa56b-3545-4620-86a0-4c500c8ac38e');
      assert.equal(unknown.status, 404);
      assert.equal(
        ((await unknown.json()) as { error: { message: string } }).error.message,
        'Operation not found',
      );
      assert.equal((await client.api('/async')).status, 400);
    });
  });

  it('with largeOutputs appends the whole input to the output', async () => {
    await withEmulator({ ...fast, largeOutputs: true }, async (emulator) => {
      const client = await connect(emulator);
      const input = randomBytes(256 * 1024);
      await client.upload('in/big.docx', input);
      const op = await client.settled(
        await client.start({ filePath: 'in/big.docx', format: 'pdf', outputPath: 'o' }),
      );
      const output = await client.download('o/big.pdf');
      assert.equal(op.result?.[0]?.size, output.length);
      assert.ok(output.length > input.length);
      assert.ok(output.subarray(output.length - input.length).equals(input));
      assert.ok(output.includes(`sha256: ${sha256(input)}`));
    });
  });
});

describe('direct conversion', () => {
  it('converts a file sent in the body and returns the bytes, or a zip of pages', async () => {
    await withEmulator({ ...fast, pages: 3 }, async (emulator) => {
      const client = await connect(emulator);
      const startDirect = async (format: string) => {
        const form = new FormData();
        form.append('File', new Blob(['direct input']), 'notes v2.md');
        const response = await client.api(`/async?format=${format}`, { method: 'PUT', body: form });
        assert.equal(response.status, 200);
        return (await response.json()) as string;
      };
      const html = await client.settled(await startDirect('html'));
      assert.equal(html.method, 'Convert');
      assert.equal(html.result?.[0]?.name, 'notes v2.html');
      const page = await (await client.api(`/async/result?id=${html.id}`)).text();
      assert.ok(page.includes('source: notes v2.md'));
      assert.ok(page.includes(`sha256: ${sha256('direct input')}`));

      const jpg = await client.settled(await startDirect('jpg'));
      const zip = await client.api(`/async/result?id=${jpg.id}`);
      assert.equal(zip.headers.get('content-type'), 'application/zip');
      const entries = zipEntries(Buffer.from(await zip.arrayBuffer()));
      assert.deepEqual(
        [...entries.keys()],
        ['notes v2-page-1.jpg', 'notes v2-page-2.jpg', 'notes v2-page-3.jpg'],
      );
      assert.ok(entries.get('notes v2-page-3.jpg')?.toString().includes('page: 3'));
      const stats = emulator.stats();
      assert.equal(stats.requests.directStart, 2);
      assert.equal(stats.requests.directResult, 2);
    });
  });
});

describe('formats', () => {
  it('lists source formats with their targets, optionally for one source', async () => {
    await withEmulator(fast, async (emulator) => {
      const client = await connect(emulator);
      const all = (await (await client.api('/formats')).json()) as Array<{
        sourceFormat: string;
        targetFormats: string[];
      }>;
      assert.deepEqual(all.map((f) => f.sourceFormat).sort(), [
        'csv',
        'doc',
        'docx',
        'html',
        'md',
        'odp',
        'ods',
        'odt',
        'pdf',
        'ppt',
        'pptx',
        'rtf',
        'txt',
        'xls',
        'xlsx',
      ]);
      const docx = (await (await client.api('/formats?format=docx')).json()) as typeof all;
      assert.equal(docx.length, 1);
      assert.ok(docx[0]?.targetFormats.includes('pdf'));
      assert.ok(!docx[0]?.targetFormats.includes('docx'));
      assert.deepEqual(await (await client.api('/formats?format=dwg')).json(), []);
    });
  });
});

describe('faults', () => {
  it('injects 429 with Retry-After, 5xx and dropped sockets at rate 1, and counts them', async () => {
    await withEmulator(fast, async (emulator) => {
      const client = await connect(emulator);
      emulator.options.faults = { rate429: 1, retryAfterSeconds: 7 };
      const limited = await client.api('/formats');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '7');
      assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'TooManyRequests');
      assert.equal((await requestToken(emulator)).status, 429, 'the token endpoint is faulted too');

      emulator.options.faults = { rate5xx: 1 };
      assert.equal((await client.api('/formats')).status, 503);
      emulator.options.faults = { rate5xx: 1, status5xx: 502 };
      assert.equal((await client.api('/formats')).status, 502);

      emulator.options.faults = { rateDrop: 1 };
      await assert.rejects(
        rawRequest(emulator.url, 'GET', '/v2.0/conversion/formats', client.auth),
        /socket hang up/,
      );

      emulator.options.faults = undefined;
      assert.equal((await client.api('/formats')).status, 200);
      assert.deepEqual(emulator.stats().faultsInjected, { '429': 2, '5xx': 2, drop: 1 });
    });
  });

  it('injects a seeded share of faults, the same on every run', async () => {
    const run = async () => {
      let statuses = '';
      await withEmulator({ ...fast, seed: 3, faults: { rate429: 0.3 } }, async (emulator) => {
        for (let i = 0; i < 20; i++) {
          const response = await fetch(`${emulator.url}/v2.0/conversion/formats`);
          statuses += response.status === 429 ? 'x' : '.';
        }
      });
      return statuses;
    };
    const first = await run();
    assert.equal(await run(), first);
    assert.ok(first.includes('x') && first.includes('.'), first);
  });
});

describe('stats and lifecycle', () => {
  it('counts requests by kind, answers unknown routes with a JSON 404, and resets', async () => {
    const lines: string[] = [];
    await withEmulator({ ...fast, log: (line) => lines.push(line) }, async (emulator) => {
      const client = await connect(emulator);
      await client.upload('s/a.txt', 'a');
      await client.download('s/a.txt');
      await client.api('/storage/exist/s/a.txt');
      const id = await client.start({ filePath: 's/a.txt', format: 'pdf', outputPath: 'o' });
      await client.settled(id);
      await client.api('/formats');
      await client.api('/storage/file/s/a.txt', { method: 'DELETE' });
      await client.api('/storage/folder/o?recursive=true', { method: 'DELETE' });
      const unknown = await client.api('/nowhere');
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'NotFound');
      const stats = emulator.stats();
      assert.ok(stats.requests.status >= 1);
      assert.deepEqual(
        { ...stats.requests, status: 0 },
        {
          token: 1,
          upload: 1,
          download: 1,
          deleteFile: 1,
          deleteFolder: 1,
          exists: 1,
          start: 1,
          status: 0,
          directStart: 0,
          directResult: 0,
          formats: 1,
          other: 1,
        },
      );
      assert.equal(stats.totalRequests, 9 + stats.requests.status);
      assert.equal(stats.operations[0]?.filePath, 's/a.txt');
      assert.equal(stats.operations[0]?.inputBytes, 1);
      const remote = (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as typeof stats;
      assert.equal(remote.totalRequests, stats.totalRequests);

      emulator.resetStats();
      assert.equal(emulator.stats().totalRequests, 0);
      assert.deepEqual(emulator.stats().operations, []);
      assert.ok(lines.length >= stats.totalRequests);
      for (const token of stats.tokensIssued) assert.ok(!lines.some((line) => line.includes(token)));
    });
  });

  it('closes without waiting for pending conversions and removes its own storage', {
    timeout: 30_000, // a guard against waiting out the 60 s conversion, not a speed check
  }, async () => {
    const emulator = await startEmulator({ conversion: { fixedMs: 60_000 }, capacity: 1 });
    const client = await connect(emulator);
    await client.upload('in/slow.docx', 'slow');
    await client.start({ filePath: 'in/slow.docx', format: 'pdf', outputPath: 'o' });
    await client.start({ filePath: 'in/slow.docx', format: 'pdf', outputPath: 'o' });
    assert.ok(existsSync(emulator.storageDir));
    await emulator.close();
    assert.deepEqual(
      emulator.stats().operations.map((op) => [op.status, op.finishedAt]),
      [
        ['Started', undefined],
        ['Created', undefined],
      ],
      'the conversions were dropped, not waited for',
    );
    assert.equal(existsSync(emulator.storageDir), false);
  });
});
