/** The streamed encoding of large blobs: base64 chunk by chunk, and the JSON length known up front. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { base64Encoder, blobJsonLength } from '../../src/github/git-data.ts';

async function encodeInChunks(data: Buffer, sizes: readonly number[]): Promise<string> {
  const chunks: Buffer[] = [];
  for (let offset = 0, i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length] as number;
    chunks.push(data.subarray(offset, offset + size));
    offset += size;
  }
  let text = '';
  for await (const piece of Readable.from(chunks).pipe(base64Encoder())) text += String(piece);
  return text;
}

test('base64 of chunks whose sizes are not multiples of 3 equals the base64 of the whole', async () => {
  const data = randomBytes(10_007);
  for (const sizes of [[1], [2], [4], [5, 7], [1, 1, 3, 8], [1000], [10_007], [20_000]]) {
    assert.equal(await encodeInChunks(data, sizes), data.toString('base64'), `chunks of ${sizes.join(', ')}`);
  }
});

test('base64 of 0, 1 and 2 bytes left at the end is padded as usual', async () => {
  for (const length of [0, 1, 2, 3, 4, 5]) {
    const data = randomBytes(length);
    assert.equal(await encodeInChunks(data, [1]), data.toString('base64'), `${length} bytes`);
  }
});

test('the JSON length computed up front is the length of the JSON sent', () => {
  for (const size of [0, 1, 2, 3, 4, 8 * 1024 * 1024 + 2]) {
    const json = JSON.stringify({ encoding: 'base64', content: Buffer.alloc(size).toString('base64') });
    assert.equal(blobJsonLength(size), json.length, `${size} bytes`);
  }
});
