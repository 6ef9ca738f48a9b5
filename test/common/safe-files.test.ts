/** Files judged by what they are, and written without following what is already at their name. */
import assert from 'node:assert/strict';
import { link, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  copyFileReplacing,
  whyNotRegularFileInside,
  writeFileReplacing,
} from '../../src/common/safe-files.ts';

const roots: string[] = [];
async function tree() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'safe-files-'));
  roots.push(root);
  const outputDir = path.join(root, 'converted');
  await mkdir(outputDir);
  await mkdir(path.join(root, '.git'));
  await writeFile(path.join(root, '.git/config'), 'token');
  return { root, outputDir, at: (relative: string) => path.join(root, relative) };
}

describe('whyNotRegularFileInside', () => {
  after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

  it('accepts a regular file inside, and refuses links, folders, devices, hard links and linked folders', async () => {
    const { root, outputDir, at } = await tree();
    await writeFile(at('converted/ok.pdf'), 'pdf');
    await symlink('../.git/config', at('converted/link.pdf'));
    await mkdir(at('converted/folder.pdf'));
    await symlink('/dev/zero', at('converted/device.pdf'));
    await link(at('.git/config'), at('converted/hard.pdf'));
    await mkdir(at('elsewhere'));
    await writeFile(at('elsewhere/secret'), 'secret');
    await symlink('../elsewhere', at('converted/meta'));
    assert.equal(await whyNotRegularFileInside(outputDir, at('converted/ok.pdf')), undefined);
    assert.equal(await whyNotRegularFileInside(outputDir, at('converted/link.pdf')), 'it is a link');
    assert.equal(await whyNotRegularFileInside(outputDir, at('converted/device.pdf')), 'it is a link');
    assert.equal(
      await whyNotRegularFileInside(outputDir, at('converted/folder.pdf')),
      'it is not a regular file',
    );
    assert.match((await whyNotRegularFileInside(outputDir, at('converted/hard.pdf'))) ?? '', /hard link/);
    assert.equal(
      await whyNotRegularFileInside(outputDir, at('converted/meta/secret')),
      'its folder leads outside',
    );
    assert.equal(await whyNotRegularFileInside(outputDir, at('.git/config')), 'it is outside');
    assert.equal(await whyNotRegularFileInside(outputDir, at('converted/gone.pdf')), 'it is missing');
    assert.equal(await whyNotRegularFileInside(outputDir, path.join(root, 'converted')), 'it is outside');
  });
});

describe('writing without following', () => {
  it('replaces a link planted at the target, leaving what it led to alone, and leaves no temporary file', async () => {
    const { at } = await tree();
    await symlink('../.git/config', at('converted/manifest.json'));
    await symlink('../.git/config', at('converted/copy.pdf'));
    await writeFile(at('source.pdf'), 'copied bytes');
    await writeFileReplacing(at('converted/manifest.json'), 'written');
    await copyFileReplacing(at('source.pdf'), at('converted/copy.pdf'));
    assert.equal(await readFile(at('.git/config'), 'utf8'), 'token');
    assert.ok((await lstat(at('converted/manifest.json'))).isFile());
    assert.equal(await readFile(at('converted/manifest.json'), 'utf8'), 'written');
    assert.equal(await readFile(at('converted/copy.pdf'), 'utf8'), 'copied bytes');
    assert.deepEqual((await readdir(at('converted'))).sort(), ['copy.pdf', 'manifest.json']);
  });
});
