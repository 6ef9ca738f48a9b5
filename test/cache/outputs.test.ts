import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { filesOf } from '../../src/cache/committed-manifest.ts';
import {
  type CacheEntry,
  type EntryToSave,
  readCacheFolder,
  writeCacheFolder,
} from '../../src/cache/manifest.ts';
import {
  asStoredOutput,
  copyVerified,
  IntegrityError,
  plannedPaths,
  type StoredOutput,
} from '../../src/cache/outputs.ts';
import type { ConversionJob } from '../../src/plan/types.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cache-outputs-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const stored = (name: string, text: string): StoredOutput => ({ name, sha256: sha(text), size: text.length });

function jobFor(stem: string, format: string): ConversionJob {
  const outputDirectory = path.join(dir, 'out');
  return {
    id: `0-${format}`,
    documentIndex: 0,
    source: {
      absolutePath: path.join(dir, `${stem}.pptx`),
      workspacePath: `${stem}.pptx`,
      outputSubdir: '',
      stem,
      extension: 'pptx',
      sizeBytes: 1,
    },
    format,
    outputDirectory,
    expectedOutput: `out/${stem}${format === 'png' ? '-page-1' : ''}.${format}`,
  };
}

describe('restoring outputs', () => {
  it('names pages after the document they are restored for', () => {
    const outputs = [stored('deck-page-1.png', 'a'), stored('deck-page-2.png', 'b')];
    assert.deepEqual(plannedPaths(jobFor('talk', 'png'), outputs, 'deck'), [
      path.join(dir, 'out/talk-page-1.png'),
      path.join(dir, 'out/talk-page-2.png'),
    ]);
    assert.deepEqual(plannedPaths(jobFor('talk', 'pdf'), [stored('deck.pdf', 'a')], 'deck'), [
      path.join(dir, 'out/talk.pdf'),
    ]);
  });

  it('refuses names from a manifest that would leave the output folder', () => {
    assert.equal(asStoredOutput({ name: '../escape.pdf', sha256: sha('x'), size: 1 }), undefined);
    assert.equal(asStoredOutput({ name: 'a/b.pdf', sha256: sha('x'), size: 1 }), undefined);
    assert.equal(asStoredOutput({ name: 'ok.pdf', sha256: 'not-a-hash', size: 1 }), undefined);
    assert.deepEqual(asStoredOutput({ name: 'ok.pdf', sha256: sha('x'), size: 1 }), stored('ok.pdf', 'x'));
    const committed = {
      source: 's',
      sourceSha256: '',
      format: 'pdf',
      key: 'k',
      stem: 's',
      outputs: [stored('a.pdf', 'x')],
    };
    assert.equal(filesOf(path.join(dir, 'out'), { ...committed, directory: '../..' }), undefined);
    assert.deepEqual(filesOf(path.join(dir, 'out'), { ...committed, directory: 'sub' }), [
      path.join(dir, 'out/sub/a.pdf'),
    ]);
  });

  it('writes all of a job’s files or none when one does not match its hash', async () => {
    await writeFile(path.join(dir, 'good'), 'page one');
    await writeFile(path.join(dir, 'bad'), 'page two, altered');
    const targets = [path.join(dir, 'out/x-page-1.png'), path.join(dir, 'out/x-page-2.png')];
    await assert.rejects(
      copyVerified([path.join(dir, 'good'), path.join(dir, 'bad')], targets, [
        stored('x-page-1.png', 'page one'),
        stored('x-page-2.png', 'page two'),
      ]),
      (error) => error instanceof IntegrityError && /x-page-2\.png does not match/.test(error.message),
    );
    assert.deepEqual(await readdir(path.join(dir, 'out')), [], 'a partial result was left behind');
    await assert.rejects(
      copyVerified([path.join(dir, 'missing')], [targets[0] as string], [stored('x-page-1.png', 'page one')]),
      /missing from the cache/,
    );
    await copyVerified(
      [path.join(dir, 'good')],
      [targets[0] as string],
      [stored('x-page-1.png', 'page one')],
    );
    assert.equal(await readFile(targets[0] as string, 'utf8'), 'page one');
  });

  it('refuses a cached output that is a link out of the cache folder, even with the right hash', async () => {
    const cacheFolder = path.join(dir, 'linked-cache');
    await mkdir(cacheFolder, { recursive: true });
    const secret = 'a file of the runner';
    await writeFile(path.join(dir, 'runner-secret.txt'), secret);
    await symlink(path.join(dir, 'runner-secret.txt'), path.join(cacheFolder, 'blob'));
    const target = path.join(dir, 'linked-out/a.pdf');
    await assert.rejects(
      copyVerified([path.join(cacheFolder, 'blob')], [target], [stored('a.pdf', secret)], cacheFolder),
      (error) =>
        error instanceof IntegrityError && /a\.pdf is not a regular file in the cache/.test(error.message),
    );
    await assert.rejects(readFile(target), { code: 'ENOENT' }, 'the runner file was published');
  });
});

describe('the cache folder', () => {
  it('keeps what the plan wants within the size cap, stores equal outputs once, and drops the rest', async () => {
    const folder = path.join(dir, 'cache');
    const files: Record<string, string> = { a: 'A'.repeat(400), b: 'B'.repeat(400), c: 'C'.repeat(100) };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const entry = (name: string): CacheEntry => ({
      stem: name,
      outputs: [stored(`${name}.pdf`, files[name] as string)],
    });
    const toSave = (key: string, name: string): EntryToSave => ({
      key,
      entry: entry(name),
      files: [path.join(dir, name)],
    });
    const [a, copyOfA, b, c] = [
      toSave('k-a', 'a'),
      toSave('k-a2', 'a'),
      toSave('k-b', 'b'),
      toSave('k-c', 'c'),
    ];

    const { kept, bytes } = await writeCacheFolder(folder, [a, copyOfA, b, c], 600);
    assert.deepEqual(kept, ['k-a', 'k-a2', 'k-c'], 'b does not fit; the copy of a costs nothing');
    assert.equal(bytes, 500);
    assert.deepEqual(
      (await readdir(path.join(folder, 'blobs'))).sort(),
      [sha(files.a as string), sha(files.c as string)].sort(),
    );

    await writeCacheFolder(folder, [c], 600);
    assert.deepEqual(
      await readdir(path.join(folder, 'blobs')),
      [sha(files.c as string)],
      'unneeded blobs are pruned',
    );
    assert.deepEqual([...(await readCacheFolder(folder)).keys()], ['k-c']);
  });

  it('reads a manifest that is not one as an empty cache', async () => {
    const folder = path.join(dir, 'broken');
    await writeCacheFolder(folder, [], 1e6);
    await writeFile(
      path.join(folder, 'manifest.json'),
      '{"version":1,"conversions":{"k":{"stem":"x","outputs":[{"name":"../../x"}]}}}',
    );
    assert.equal((await readCacheFolder(folder)).size, 0);
    await writeFile(path.join(folder, 'manifest.json'), 'not json');
    assert.equal((await readCacheFolder(folder)).size, 0);
  });
});
