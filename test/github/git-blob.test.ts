import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { gitBlobSha } from '../../src/github/git-blob.ts';
import { makeWorkspace } from '../publish/helpers.ts';

test('matches the SHAs git gives known contents', async () => {
  const ws = await makeWorkspace();
  const empty = await ws.write('empty', '');
  const hello = await ws.write('hello', 'hello\n');
  assert.equal(await gitBlobSha(empty, 0), 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  assert.equal(await gitBlobSha(hello, 6), 'ce013625030ba8dba906f756967f9e9ca394464a');
});

test('matches `git hash-object` on a file larger than one read chunk', async (t) => {
  const git = spawnSync('git', ['--version']);
  if (git.status !== 0) {
    t.skip('git is not installed');
    return;
  }
  const ws = await makeWorkspace();
  const content = randomBytes(300 * 1024 + 7);
  const file = await ws.write('big.bin', content);
  const expected = spawnSync('git', ['hash-object', file], { encoding: 'utf8' }).stdout.trim();
  assert.match(expected, /^[0-9a-f]{40}$/);
  assert.equal(await gitBlobSha(file, content.length), expected);
});

test('notices a file that changed size since it was listed', async () => {
  const ws = await makeWorkspace();
  const file = await ws.write('grew', 'four');
  await assert.rejects(gitBlobSha(file, 3), /changed while it was being read/);
});
