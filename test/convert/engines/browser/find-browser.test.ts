import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findBrowser } from '../../../../src/convert/engines/browser/find-browser.ts';

let root = '';

/** An executable (or, with mode 0o644, a plain) file at `folder/name`. */
async function program(folder: string, name: string, mode = 0o755): Promise<string> {
  await mkdir(path.join(root, folder), { recursive: true });
  const file = path.join(root, folder, name);
  await writeFile(file, '#!/bin/sh\n');
  await chmod(file, mode);
  return file;
}

const dir = (folder: string) => path.join(root, folder);
const searchPath = (...folders: string[]) => folders.map(dir).join(path.delimiter);

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'find-browser-'));
});
after(() => rm(root, { recursive: true, force: true }));

describe('the browser is found', () => {
  it('at CHROME_PATH before anything on PATH', async () => {
    const chrome = await program('opt', 'chrome');
    await program('bin1', 'google-chrome');
    assert.equal(findBrowser(chrome, searchPath('bin1')), chrome);
  });

  it('on PATH as google-chrome before chromium and chromium-browser, whatever folder comes first', async () => {
    await program('bin2', 'chromium-browser');
    await program('bin2', 'chromium');
    const chrome = await program('bin3', 'google-chrome');
    assert.equal(findBrowser('', searchPath('bin2', 'bin3')), chrome);
    assert.equal(findBrowser('', searchPath('bin2')), path.join(dir('bin2'), 'chromium'));
  });

  it('as chromium-browser when that is all there is', async () => {
    const browser = await program('bin4', 'chromium-browser');
    assert.equal(findBrowser('', searchPath('empty', 'bin4')), browser);
  });

  it('on PATH when CHROME_PATH names nothing runnable', async () => {
    const notExecutable = await program('opt2', 'chrome', 0o644);
    const chromium = await program('bin5', 'chromium');
    assert.equal(findBrowser(notExecutable, searchPath('bin5')), chromium);
    assert.equal(findBrowser(path.join(root, 'missing'), searchPath('bin5')), chromium);
  });

  it('nowhere when PATH holds none but files of other names, a folder named chromium or a non-executable one', async () => {
    await program('bin6', 'firefox');
    await program('bin7', 'chromium', 0o644);
    await mkdir(path.join(dir('bin8'), 'google-chrome'), { recursive: true });
    assert.equal(findBrowser('', searchPath('bin6', 'bin7', 'bin8')), undefined);
  });

  it('never in a relative PATH entry (it would depend on the workspace)', async () => {
    await program('rel', 'chromium');
    const relative = path.relative(process.cwd(), dir('rel'));
    assert.equal(findBrowser('', relative), undefined);
    assert.equal(findBrowser(path.join(relative, 'chromium'), ''), undefined);
  });
});
