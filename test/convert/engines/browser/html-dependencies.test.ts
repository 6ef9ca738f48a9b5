import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { htmlResourceFiles } from '../../../../src/convert/engines/browser/html-dependencies.ts';

describe('htmlResourceFiles: the workspace files an HTML page loads, as the network guard answers them', () => {
  let workspace = '';
  const put = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(workspace, file)), { recursive: true });
    await writeFile(path.join(workspace, file), text);
  };
  const listing = async (page: string) => {
    const listed = await htmlResourceFiles(path.join(workspace, page), page, workspace);
    if (!listed.complete) return listed;
    return Object.fromEntries(
      listed.resources.map(({ reference, file }) => [
        reference,
        file === undefined ? 'absent' : path.relative(workspace, file),
      ]),
    );
  };

  before(async () => {
    workspace = await realpath(await mkdtemp(path.join(os.tmpdir(), 'html-dependencies-')));
    await put('shared/bg.png', 'png');
    await put('docs/img/a.png', 'png');
    await put('docs/b.png', 'png');
    await put('docs/style.css', '@import "fonts/fonts.css"; h1 { background: url(img/a.png) }');
    await put('docs/fonts/fonts.css', '@font-face { src: url("brand.woff2") } /* url(hidden.png) */');
    await put('docs/fonts/brand.woff2', 'font');
    await put('docs/frame.html', '<img src="framed.png">');
    await put('docs/framed.png', 'png');
    await put('.git/config', '[core]');
    await symlink(path.join(workspace, '.git/config'), path.join(workspace, 'docs/sneaky.png'));
  });
  after(() => rm(workspace, { recursive: true, force: true }));

  it('follows stylesheets, imports, frames, srcset and style attributes, each from the file that names it', async () => {
    await put(
      'docs/page.html',
      `<link rel="stylesheet" href="style.css">
       <img src="img/a.png"><img srcset="b.png 1x, https://example.com/c.png 2x">
       <div style="background: url('../shared/bg.png')"></div><iframe src="frame.html"></iframe>
       <a href="elsewhere.html">a link is not loaded</a><img src="data:image/png;base64,AAAA">`,
    );
    assert.deepEqual(await listing('docs/page.html'), {
      'docs/style.css': 'docs/style.css',
      'docs/img/a.png': 'docs/img/a.png',
      'docs/b.png': 'docs/b.png',
      'shared/bg.png': 'shared/bg.png',
      'docs/frame.html': 'docs/frame.html',
      'docs/fonts/fonts.css': 'docs/fonts/fonts.css',
      'docs/fonts/brand.woff2': 'docs/fonts/brand.woff2',
      'docs/framed.png': 'docs/framed.png',
    });
  });

  it('lists a missing, escaping or refused file as absent, so adding or changing it later changes the key', async () => {
    await put(
      'docs/hostile.html',
      '<img src="missing.png"><img src="../../../../etc/passwd"><img src="sneaky.png"><img src="/.git/config">',
    );
    assert.deepEqual(await listing('docs/hostile.html'), {
      'docs/missing.png': 'absent',
      'etc/passwd': 'absent',
      'docs/sneaky.png': 'absent',
      '.git/config': 'absent',
    });
  });

  it('gives up on a page whose <base> moves every address', async () => {
    await put('docs/based.html', '<base href="/shared/"><img src="bg.png">');
    const listed = await listing('docs/based.html');
    assert.equal(listed.complete, false);
    assert.match(String(listed.why), /<base> element/);
  });
});
