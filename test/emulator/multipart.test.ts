import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ApiError } from './http-util.ts';
import { boundaryFrom, type MultipartPart, readMultipart } from './multipart.ts';
import { seededRandom } from './random.ts';

const boundary = '----emulatorBoundary7MA4YWxkTrZu0gW';

function body(parts: Array<{ headers: string; data: Buffer }>, preamble = ''): Buffer {
  const pieces: Buffer[] = [Buffer.from(preamble)];
  for (const part of parts) {
    pieces.push(Buffer.from(`--${boundary}\r\n${part.headers}\r\n\r\n`), part.data, Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\nepilogue`));
  return Buffer.concat(pieces);
}

async function* chunked(data: Buffer, sizes: () => number): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; ) {
    const size = Math.max(1, sizes());
    yield data.subarray(at, at + size);
    at += size;
  }
}

async function collect(source: AsyncIterable<Buffer>) {
  const parts: Array<{ part: MultipartPart; data: Buffer }> = [];
  await readMultipart(source, boundary, (part) => {
    const chunks: Buffer[] = [];
    return {
      write: (chunk) => {
        chunks.push(Buffer.from(chunk));
      },
      end: () => {
        parts.push({ part, data: Buffer.concat(chunks) });
      },
    };
  });
  return parts;
}

describe('readMultipart', () => {
  // Data that contains near-misses of the delimiter, so a split across chunks is exercised.
  const tricky = Buffer.concat([
    Buffer.from(`\r\n--${boundary.slice(0, 10)}`),
    randomBytes(3000),
    Buffer.from(`\r\n-`),
    Buffer.from(`--${boundary}`), // not preceded by CRLF: not a delimiter
  ]);
  const input = body(
    [
      { headers: 'Content-Disposition: form-data; name="note"', data: Buffer.from('hello') },
      {
        headers:
          'Content-Disposition: form-data; name="File"; filename="four pages #1 ü.docx"\r\nContent-Type: application/octet-stream',
        data: tricky,
      },
    ],
    'preamble text\r\n',
  );

  const random = seededRandom(42);
  for (const [label, sizes] of [
    ['one byte at a time', () => 1],
    ['7-byte chunks', () => 7],
    ['random chunks', () => Math.floor(random() * 200)],
    ['one chunk', () => input.length],
  ] as const) {
    it(`yields every part exactly when fed ${label}`, async () => {
      const parts = await collect(chunked(input, sizes));
      assert.equal(parts.length, 2);
      assert.equal(parts[0]?.part.name, 'note');
      assert.equal(parts[0]?.data.toString(), 'hello');
      assert.equal(parts[1]?.part.name, 'File');
      assert.equal(parts[1]?.part.filename, 'four pages #1 ü.docx');
      assert.equal(parts[1]?.part.headers['content-type'], 'application/octet-stream');
      assert.ok(parts[1]?.data.equals(tricky));
    });
  }

  it('prefers an RFC 5987 filename* parameter', async () => {
    const parts = await collect(
      chunked(
        body([
          {
            headers: `Content-Disposition: form-data; name="File"; filename="plain.txt"; filename*=UTF-8''na%C3%AFve%20%231.txt`,
            data: Buffer.from('x'),
          },
        ]),
        () => 5,
      ),
    );
    assert.equal(parts[0]?.part.filename, 'naïve #1.txt');
  });

  it('refuses a body that ends before the closing delimiter and aborts the open sink', async () => {
    const truncated = body([
      { headers: 'Content-Disposition: form-data; name="File"', data: randomBytes(500) },
    ]).subarray(0, 300);
    let aborted = false;
    await assert.rejects(
      readMultipart(
        chunked(truncated, () => 64),
        boundary,
        () => ({
          write: () => {},
          end: () => {},
          abort: () => {
            aborted = true;
          },
        }),
      ),
      (error: unknown) => error instanceof ApiError && error.status === 400,
    );
    assert.equal(aborted, true);
  });

  it('reads the boundary from Content-Type, quoted or not, and refuses other content types', () => {
    assert.equal(boundaryFrom(`multipart/form-data; boundary=${boundary}`), boundary);
    assert.equal(boundaryFrom('multipart/form-data; boundary="a b"; charset=utf-8'), 'a b');
    assert.throws(() => boundaryFrom('application/octet-stream'), ApiError);
    assert.throws(() => boundaryFrom('multipart/form-data'), ApiError);
  });
});
