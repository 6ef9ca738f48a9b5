import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freshToken, tokenAnswer } from './fixtures/tokens.ts';

// A 256 MiB file goes up and comes back through the client running in a child process; the child's peak RSS
// must stay far below the file size, which only holds when both directions stream.

const FILE_SIZE = 256 * 1024 * 1024;
const BLOCK_SIZE = 1024 * 1024;
const RSS_LIMIT_BYTES = 200 * 1000 * 1000;
const CHILD = fileURLToPath(new URL('./fixtures/memory-child.ts', import.meta.url));

const baseBlock = randomBytes(BLOCK_SIZE);

/** Block `index` of the generated content: the random base block stamped with its index. */
function block(index: number): Buffer {
  const copy = Buffer.from(baseBlock);
  copy.writeUInt32BE(index, 0);
  return copy;
}

function* blocks(): Generator<Buffer> {
  for (let index = 0; index < FILE_SIZE / BLOCK_SIZE; index++) yield block(index);
}

let workDir = '';
let expectedSha256 = '';

before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'gd-memory-'));
  const hash = createHash('sha256');
  const file = await open(path.join(workDir, 'source.bin'), 'w');
  try {
    for (const chunk of blocks()) {
      hash.update(chunk);
      await file.write(chunk);
    }
  } finally {
    await file.close();
  }
  expectedSha256 = hash.digest('hex');
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

interface Received {
  fileBytes: number;
  sha256: string;
}

/** Hashes the file part of a one-part multipart upload as it streams in, keeping nothing. */
async function receiveUpload(request: http.IncomingMessage): Promise<Received> {
  const boundary = /boundary=(.+)$/.exec(request.headers['content-type'] ?? '')?.[1];
  const total = Number(request.headers['content-length']);
  assert.ok(boundary && Number.isFinite(total), 'multipart upload with a Content-Length');
  const tailLength = Buffer.byteLength(`\r\n--${boundary}--\r\n`);
  const hash = createHash('sha256');
  let head = Buffer.alloc(0);
  let fileStart = -1;
  let offset = 0;
  let fileBytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    let start = offset;
    let data = chunk;
    if (fileStart < 0) {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        offset += chunk.length;
        continue;
      }
      fileStart = end + 4;
      data = head;
      start = 0;
    }
    const from = Math.max(fileStart, start);
    const to = Math.min(total - tailLength, start + data.length);
    if (to > from) {
      hash.update(data.subarray(from - start, to - start));
      fileBytes += to - from;
    }
    offset = start + data.length;
  }
  assert.equal(offset, total);
  return { fileBytes, sha256: hash.digest('hex') };
}

for (const flow of ['storage', 'direct'] as const) {
  const how = flow === 'direct' ? 'as a direct conversion’s start and result' : 'to and from storage';
  it(`uploads and downloads 256 MiB ${how} in bounded memory, byte for byte`, {
    timeout: 120_000,
  }, async (t) => {
    let received: Received | undefined;
    const requested: string[] = [];
    const server = http.createServer((request, response) => {
      requested.push(`${request.method} ${request.url?.split('?')[0]}`);
      if (request.url === '/connect/token') {
        request.resume();
        response.end(JSON.stringify(tokenAnswer(freshToken('memory'))));
      } else if (request.method === 'PUT') {
        receiveUpload(request).then((result) => {
          received = result;
          response.setHeader('content-type', 'application/json');
          const answer = flow === 'direct' ? 'op-memory' : { uploaded: ['big.bin'], errors: [] };
          response.end(JSON.stringify(answer));
        });
      } else if (request.method === 'GET') {
        response.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(FILE_SIZE),
        });
        pipeline(Readable.from(blocks()), response).catch(() => {});
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const downloaded = path.join(workDir, `back-${flow}`, 'big.bin');

    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          CHILD,
          `http://127.0.0.1:${port}`,
          path.join(workDir, 'source.bin'),
          'memory test/big.bin',
          downloaded,
          flow,
        ],
        { timeout: 100_000 },
      );
      const { maxRssBytes } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { maxRssBytes: number };

      const expectedCalls =
        flow === 'direct'
          ? ['PUT /v2.0/conversion/async', 'GET /v2.0/conversion/async/result']
          : [
              'PUT /v2.0/conversion/storage/file/memory%20test/big.bin',
              'GET /v2.0/conversion/storage/file/memory%20test/big.bin',
            ];
      assert.deepEqual(requested.slice(1), expectedCalls);
      assert.deepEqual(received, { fileBytes: FILE_SIZE, sha256: expectedSha256 });
      assert.equal((await stat(downloaded)).size, FILE_SIZE);
      const downloadedHash = createHash('sha256');
      for await (const chunk of createReadStream(downloaded)) downloadedHash.update(chunk as Buffer);
      assert.equal(downloadedHash.digest('hex'), expectedSha256);
      t.diagnostic(
        `child peak RSS ${Math.round(maxRssBytes / 1e6)} MB for a ${FILE_SIZE / 2 ** 20} MiB file each way (${flow})`,
      );
      assert.ok(maxRssBytes < RSS_LIMIT_BYTES, `child peak RSS ${Math.round(maxRssBytes / 1e6)} MB`);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
}
