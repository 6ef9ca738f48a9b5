import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dependenciesDigest, hashUpTo } from '../../src/cache/dependencies.ts';
import type { SourceDependencies } from '../../src/convert/engines/dependencies.ts';

describe('dependenciesDigest: the key part of the files besides a source', () => {
  let dir: string;
  let image: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dependencies-digest-'));
    image = path.join(dir, 'chart.png');
    await fs.writeFile(image, 'first bytes');
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  const limits = { fileBytes: 1024, totalBytes: 2048 };
  const listing = (file: string | undefined, files = [file]): SourceDependencies => ({
    complete: true,
    dependencies: files.map((one, index) => ({ reference: `img/chart-${index}.png`, file: one })),
    limits,
  });

  it('is absent for a source with no dependencies, so its key stays what it was', async () => {
    assert.equal(await dependenciesDigest({ complete: true, dependencies: [], limits }), undefined);
  });

  it('is the same for the same bytes, and changes when only a file’s bytes change', async () => {
    const before = await dependenciesDigest(listing(image));
    assert.equal(await dependenciesDigest(listing(image)), before);
    await fs.writeFile(image, 'other bytes');
    assert.notEqual(await dependenciesDigest(listing(image)), before);
  });

  it('tells a missing file from a present one, so adding it later changes the key', async () => {
    assert.notEqual(await dependenciesDigest(listing(undefined)), await dependenciesDigest(listing(image)));
  });

  it('never repeats for an incomplete listing: nothing is reused on it', async () => {
    const incomplete: SourceDependencies = { complete: false, why: 'too many' };
    assert.notEqual(await dependenciesDigest(incomplete), await dependenciesDigest(incomplete));
  });

  it('names a file past the program’s per-file limit only too large, and never reuses past its total', async () => {
    const big = path.join(dir, 'big.png');
    await fs.writeFile(big, Buffer.alloc(1025, 1));
    const tooLarge = await dependenciesDigest(listing(big));
    await fs.writeFile(big, Buffer.alloc(1500, 2));
    assert.equal(
      await dependenciesDigest(listing(big)),
      tooLarge,
      'the program leaves it out whatever it holds',
    );
    const part = path.join(dir, 'part.png');
    await fs.writeFile(part, Buffer.alloc(1000, 3));
    const within = await dependenciesDigest(listing(part, [part, part]));
    assert.equal(await dependenciesDigest(listing(part, [part, part])), within, 'one file counted once');
    const other = path.join(dir, 'other.png');
    await fs.writeFile(other, Buffer.alloc(1000, 4));
    const third = path.join(dir, 'third.png');
    await fs.writeFile(third, Buffer.alloc(1000, 5));
    const past = () => dependenciesDigest(listing(part, [part, other, third]));
    assert.notEqual(await past(), await past(), '3000 bytes pass the total of 2048');
  });

  it('hashes at most cap bytes: a longer file is only "too large"', async () => {
    await fs.writeFile(image, 'twelve bytes');
    assert.equal(await hashUpTo(image, 11), 'too large');
    const whole = await hashUpTo(image, 12);
    assert.equal(typeof whole === 'object' ? whole.bytes : whole, 12);
    assert.equal(await hashUpTo(path.join(dir, 'gone.png'), 12), 'unreadable');
  });
});
