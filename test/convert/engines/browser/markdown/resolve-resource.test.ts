import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveLocalResource } from '../../../../../src/convert/engines/browser/markdown/index.ts';
import { makeWorkspace, PNG_BYTES, type Workspace } from './workspace.ts';

describe('resolveLocalResource', () => {
  let ws: Workspace;
  let docs: string;
  before(async () => {
    ws = await makeWorkspace();
    await ws.write('docs/img/logo.png', PNG_BYTES);
    await ws.write('assets/shared.png', PNG_BYTES);
    await ws.write('docs/a b.png', PNG_BYTES);
    docs = path.join(ws.root, 'docs');
    await fs.writeFile(path.join(path.dirname(ws.root), 'outside.png'), PNG_BYTES);
    await fs.symlink(path.join(ws.root, '.git', 'config'), path.join(docs, 'config.png'));
    await fs.symlink(path.join(path.dirname(ws.root), 'outside.png'), path.join(docs, 'out.png'));
    await fs.symlink(path.join(ws.root, 'assets'), path.join(docs, 'linked-assets'));
  });
  after(() => ws.remove());

  it('finds an image beside the document, in a subfolder and in a sibling folder, by its real path', async () => {
    const real = await fs.realpath(ws.root);
    assert.deepEqual(await resolveLocalResource('img/logo.png', docs, ws.root), {
      kind: 'local',
      path: path.join(real, 'docs/img/logo.png'),
    });
    assert.deepEqual(await resolveLocalResource('../assets/shared.png?raw=true#x', docs, ws.root), {
      kind: 'local',
      path: path.join(real, 'assets/shared.png'),
    });
    assert.deepEqual(await resolveLocalResource('a%20b.png', docs, ws.root), {
      kind: 'local',
      path: path.join(real, 'docs/a b.png'),
    });
  });

  it('reads a path starting with / from the workspace root, as GitHub does', async () => {
    const verdict = await resolveLocalResource('/assets/shared.png', docs, ws.root);
    assert.deepEqual(verdict, {
      kind: 'local',
      path: path.join(await fs.realpath(ws.root), 'assets/shared.png'),
    });
  });

  it('follows a symlink that stays inside the workspace', async () => {
    const verdict = await resolveLocalResource('linked-assets/shared.png', docs, ws.root);
    assert.deepEqual(verdict, {
      kind: 'local',
      path: path.join(await fs.realpath(ws.root), 'assets/shared.png'),
    });
  });

  it('refuses ../../../etc/passwd: outside the workspace', async () => {
    assert.deepEqual(await resolveLocalResource('../../../../../../../etc/passwd', docs, ws.root), {
      kind: 'refused',
      reason: 'outside the workspace',
    });
    assert.equal((await resolveLocalResource('/../../etc/passwd', docs, ws.root)).kind, 'refused');
    assert.equal((await resolveLocalResource('..%2f..%2f..%2fetc%2fpasswd', docs, ws.root)).kind, 'refused');
  });

  it('refuses a path into .git, in any case', async () => {
    assert.deepEqual(await resolveLocalResource('../.git/config', docs, ws.root), {
      kind: 'refused',
      reason: 'inside .git',
    });
    assert.equal((await resolveLocalResource('../.GIT/config', docs, ws.root)).kind, 'refused');
  });

  it('refuses a symlink whose target is .git/config', async () => {
    assert.deepEqual(await resolveLocalResource('config.png', docs, ws.root), {
      kind: 'refused',
      reason: 'a symbolic link leads into .git',
    });
  });

  it('refuses a symlink that leads out of the workspace', async () => {
    assert.deepEqual(await resolveLocalResource('out.png', docs, ws.root), {
      kind: 'refused',
      reason: 'a symbolic link leads outside the workspace',
    });
  });

  it('refuses a missing file and a folder', async () => {
    assert.deepEqual(await resolveLocalResource('img/none.png', docs, ws.root), {
      kind: 'refused',
      reason: 'not found',
    });
    assert.deepEqual(await resolveLocalResource('img', docs, ws.root), {
      kind: 'refused',
      reason: 'not a file',
    });
  });

  it('calls http, https and protocol-relative URLs remote, and refuses other schemes', async () => {
    for (const url of ['http://127.0.0.1:8080/x.png', 'HTTPS://example.com/a.png', '//cdn.example/x.png']) {
      assert.deepEqual(await resolveLocalResource(url, docs, ws.root), { kind: 'remote', url });
    }
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:image/png;base64,AAAA']) {
      assert.equal((await resolveLocalResource(url, docs, ws.root)).kind, 'refused', url);
    }
  });
});
