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

  const listing = (file: string | undefined): SourceDependencies => ({
    complete: true,
    dependencies: [{ reference: 'img/chart.png', file }],
  });

  it('is absent for a source with no dependencies, so its key stays what it was', async () => {
    assert.equal(await dependenciesDigest({ complete: true, dependencies: [] }), undefined);
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

  it('hashes at most cap bytes: a longer file is only "too large"', async () => {
    await fs.writeFile(image, 'twelve bytes');
    assert.equal(await hashUpTo(image, 11), 'too large');
    const whole = await hashUpTo(image, 12);
    assert.equal(typeof whole === 'object' ? whole.bytes : whole, 12);
    assert.equal(await hashUpTo(path.join(dir, 'gone.png'), 12), 'unreadable');
  });
});
