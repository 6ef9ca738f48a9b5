/**
 * The request and answer shapes of test/emulator/CONFORMANCE.md, each as the official clients send or read it. A
 * test here fails when the emulator drifts from a shape the record lists.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, type EmulatorOptions, startEmulator } from './server.ts';
import { prepareZip } from './zip.ts';

const FORM =
  'grant_type=client_credentials&client_id=emulator-client-id&client_secret=emulator-client-secret';

interface ResultItem {
  name: string;
  size: number;
  path?: string | null;
  url: string | null;
}

interface Operation {
  id: string;
  status: string | number;
  result?: ResultItem[];
  error?: string;
}

/** Token, then calls as the SDKs make them; the raw text of each answer is kept so its shape can be checked. */
async function connect(emulator: Emulator) {
  const tokenAnswer = await fetch(`${emulator.url}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: FORM,
  });
  assert.equal(tokenAnswer.status, 200);
  const token = (await tokenAnswer.json()) as {
    access_token: string;
    expires_in: number;
    token_type: string;
  };
  const auth = { authorization: `Bearer ${token.access_token}` };
  /** `pathAndQuery` goes on the wire as written: `%2F` stays encoded. */
  const call = (pathAndQuery: string, init: RequestInit = {}) =>
    fetch(`${emulator.url}/v2.0/conversion${pathAndQuery}`, {
      ...init,
      headers: { ...auth, ...init.headers },
    });
  const upload = (encodedPath: string, data: Buffer | string, fileName = 'file') => {
    const form = new FormData();
    form.append('File', new Blob([data]), fileName);
    return call(`/storage/file/${encodedPath}`, { method: 'PUT', body: form });
  };
  const settle = async (id: string, until: (op: Operation) => boolean): Promise<Operation> => {
    for (let check = 1; ; check++) {
      const op = (await (await call(`/async?id=${id}`)).json()) as Operation;
      if (until(op)) return op;
      assert.ok(check < 2000, `operation ${id} never settled`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return { token, auth, call, upload, settle };
}

const finishedOrFailed = (op: Operation) => ['Finished', 'Failed', 4, 2].includes(op.status);

async function withEmulator(options: EmulatorOptions, use: (emulator: Emulator) => Promise<void>) {
  const emulator = await startEmulator({ conversion: { fixedMs: 2 }, ...options });
  try {
    await use(emulator);
  } finally {
    await emulator.close();
  }
}

/** A minimal Office Open XML word-processing package, as far as a type check looks. */
async function docxBytes(): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'docx-'));
  try {
    const parts = {
      '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
      'word/document.xml': '<?xml version="1.0"?><w:document/>',
    };
    const entries = [];
    for (const [name, text] of Object.entries(parts)) {
      const file = path.join(dir, name.replace(/\//g, '_'));
      await writeFile(file, text);
      entries.push({ name, file, size: Buffer.byteLength(text) });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of (await prepareZip(entries)).stream()) chunks.push(chunk);
    return Buffer.concat(chunks);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('conformance: storage paths as the official clients encode them', () => {
  let emulator: Emulator;
  let client: Awaited<ReturnType<typeof connect>>;
  before(async () => {
    emulator = await startEmulator({});
    client = await connect(emulator);
  });
  after(() => emulator.close());

  it('reads the Python SDK’s %2F-encoded paths and the Node SDK’s literal / as the same key', async () => {
    const python = await client.upload('run%2Finput%2Fa%20b.docx', 'bytes one');
    assert.equal(python.status, 200);
    assert.deepEqual(await emulator.listStorage('run'), ['run/input/a b.docx']);
    const node = await client.call('/storage/file/run/input/a%20b.docx');
    assert.equal(await node.text(), 'bytes one');
    const exists = await client.call('/storage/exist/run%2Finput%2Fa%20b.docx');
    assert.deepEqual(await exists.json(), { exists: true, isFolder: false });
    const folder = await client.call('/storage/folder/run%2Finput?recursive=true', { method: 'DELETE' });
    assert.equal(folder.status, 200);
    assert.deepEqual(await emulator.listStorage('run'), []);
  });
});

describe('conformance: the upload part', () => {
  it('takes the file from a part named `File` (Node SDK) or `file` (Python SDK)', async () => {
    await withEmulator({}, async (emulator) => {
      const client = await connect(emulator);
      for (const [part, key] of [
        ['File', 'node.docx'],
        ['file', 'python.docx'],
      ]) {
        const form = new FormData();
        form.append(part as string, new Blob([`sent as ${part}`]), key);
        const answer = await client.call(`/storage/file/in%2F${key}`, { method: 'PUT', body: form });
        assert.deepEqual(await answer.json(), { uploaded: [key], errors: [] });
      }
      assert.deepEqual(await emulator.listStorage('in'), ['in/node.docx', 'in/python.docx']);
    });
  });
});

describe('conformance: the token', () => {
  it('answers the form post with access_token, expires_in and token_type; 86400 s when configured so', async () => {
    await withEmulator({ tokenLifetimeSeconds: 86_400 }, async (emulator) => {
      const { token } = await connect(emulator);
      assert.equal(token.token_type, 'Bearer');
      assert.equal(token.expires_in, 86_400);
      const claims = JSON.parse(
        Buffer.from(token.access_token.split('.')[1] ?? '', 'base64url').toString(),
      ) as {
        iat: number;
        exp: number;
      };
      assert.equal(claims.exp - claims.iat, 86_400);
    });
  });
});

describe('conformance: the async start', () => {
  const start = async (options: EmulatorOptions) => {
    let answer = { contentType: '', text: '' };
    await withEmulator(options, async (emulator) => {
      const client = await connect(emulator);
      await client.upload('in%2Fa.docx', 'text');
      const response = await client.call('/async', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filePath: 'in/a.docx', format: 'pdf', outputPath: 'out' }),
      });
      assert.equal(response.status, 200);
      answer = { contentType: response.headers.get('content-type') ?? '', text: await response.text() };
    });
    return answer;
  };

  it('answers the id as a JSON string by default', async () => {
    const { contentType, text } = await start({});
    assert.match(contentType, /^application\/json/);
    assert.match(JSON.parse(text) as string, /^[0-9a-f-]{36}$/);
  });

  it('answers the id as bare text with bareTextIds, which is not JSON', async () => {
    const { contentType, text } = await start({ answers: { bareTextIds: true } });
    assert.match(contentType, /^text\/plain/);
    assert.match(text, /^[0-9a-f-]{36}$/);
    assert.throws(() => JSON.parse(text));
  });
});

describe('conformance: the operation status', () => {
  const run = async (options: EmulatorOptions, name: string) => {
    let seen: Operation[] = [];
    await withEmulator(options, async (emulator) => {
      const client = await connect(emulator);
      await client.upload(`in%2F${encodeURIComponent(name)}`, 'text');
      const response = await client.call('/async', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filePath: `in/${name}`, format: 'pdf', outputPath: 'out' }),
      });
      const id = (await response.json()) as string;
      seen = [await client.settle(id, (op) => op.status !== 'Created' && op.status !== 0)];
      if (!/hang/.test(name)) seen.push(await client.settle(id, finishedOrFailed));
    });
    return seen.map((op) => op.status);
  };

  it('says Started, Finished and Failed by name by default', async () => {
    assert.deepEqual(await run({}, 'hang.docx'), ['Started']);
    assert.deepEqual((await run({}, 'good.docx')).at(-1), 'Finished');
    assert.deepEqual((await run({}, 'corrupt.docx')).at(-1), 'Failed');
  });

  it('says them as the Python SDK’s numbers with numericStatus: 1 Started, 4 Finished, 2 Failed', async () => {
    const numeric = { answers: { numericStatus: true } };
    assert.deepEqual(await run(numeric, 'hang.docx'), [1]);
    assert.deepEqual((await run(numeric, 'good.docx')).at(-1), 4);
    assert.deepEqual((await run(numeric, 'corrupt.docx')).at(-1), 2);
  });
});

describe('conformance: the results of a finished convert-and-save', () => {
  /** The result items of one conversion to png (3 pages), and the bytes each item's url downloads. */
  const results = async (options: EmulatorOptions, storageName = '') => {
    let items: ResultItem[] = [];
    let origin = '';
    /** Bytes each full-URL item downloads with the token, in order. */
    const downloaded: number[] = [];
    await withEmulator({ pages: 3, ...options }, async (emulator) => {
      origin = emulator.url;
      const client = await connect(emulator);
      const query = storageName === '' ? '' : `?storageName=${storageName}`;
      await client.upload(`in%2Fa.docx${query}`, 'text');
      const response = await client.call('/async', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filePath: 'in/a.docx', format: 'png', outputPath: 'out', storageName }),
      });
      const op = await client.settle((await response.json()) as string, finishedOrFailed);
      items = op.result ?? [];
      for (const item of items) {
        if (!item.url?.startsWith('http')) continue;
        const answer = await fetch(item.url, { headers: client.auth });
        assert.equal(answer.status, 200);
        downloaded.push((await answer.arrayBuffer()).byteLength);
      }
    });
    return { items, origin, downloaded };
  };

  it('lists {name, size, path, url} with a storage-prefixed url by default', async () => {
    const { items } = await results({}, 'mystore');
    assert.deepEqual(
      items.map((item) => [Object.keys(item).sort(), item.path, item.url]),
      [1, 2, 3].map((n) => [
        ['name', 'path', 'size', 'url'],
        `out/a-page-${n}.png`,
        `mystore:out/a-page-${n}.png`,
      ]),
    );
  });

  it('leaves path out with omitPath and gives the bare key as url with url: key', async () => {
    const { items } = await results({ answers: { omitPath: true, url: 'key' } });
    assert.deepEqual(
      items.map((item) => [Object.keys(item).sort(), item.url]),
      [1, 2, 3].map((n) => [['name', 'size', 'url'], `out/a-page-${n}.png`]),
    );
  });

  it('gives a full URL on the request’s own origin with url: full, which downloads the result', async () => {
    const { items, origin, downloaded } = await results({ answers: { omitPath: true, url: 'full' } });
    assert.deepEqual(
      items.map((item) => item.url),
      [1, 2, 3].map((n) => `${origin}/v2.0/conversion/storage/file/out/a-page-${n}.png`),
    );
    assert.deepEqual(
      downloaded,
      items.map((item) => item.size),
    );
  });
});

describe('conformance: a direct upload named file.name, as the Node SDK sends it', () => {
  const direct = async (data: Buffer | string, declaredType?: string) => {
    let op: Operation | undefined;
    await withEmulator({}, async (emulator) => {
      const client = await connect(emulator);
      const form = new FormData();
      form.append(
        'File',
        new Blob([data], declaredType === undefined ? {} : { type: declaredType }),
        'file.name',
      );
      const response = await client.call('/async?format=pdf', { method: 'PUT', body: form });
      assert.equal(response.status, 200);
      op = await client.settle((await response.json()) as string, finishedOrFailed);
    });
    return op as unknown as Operation;
  };

  it('converts a document told by its content (an Office Open XML package)', async () => {
    const op = await direct(await docxBytes());
    assert.equal(op.status, 'Finished', op.error);
    assert.equal(op.result?.[0]?.name, 'file.pdf');
  });

  it('converts a document told by its declared type when its content does not tell', async () => {
    const op = await direct(Buffer.from([0, 1, 2, 3, 0, 255]), 'application/msword');
    assert.equal(op.status, 'Finished', op.error);
  });

  it('fails a file whose content and declared type say nothing it reads', async () => {
    const op = await direct(Buffer.from([0, 1, 2, 3, 0, 255]));
    assert.equal(op.status, 'Failed');
    assert.match(op.error ?? '', /Conversion from 'unknown' to 'pdf' is not supported/);
  });
});
