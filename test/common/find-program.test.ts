import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findOnPath } from '../../src/common/find-program.ts';

describe('findOnPath', () => {
  let root = '';
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'find-program-'));
    for (const folder of ['first', 'second', 'relative']) await mkdir(path.join(root, folder));
    await writeFile(path.join(root, 'first/tool'), 'not executable');
    await writeFile(path.join(root, 'second/tool'), '#!/bin/sh\n');
    await chmod(path.join(root, 'second/tool'), 0o755);
    await mkdir(path.join(root, 'first/dir-tool'));
    await writeFile(path.join(root, 'relative/tool'), '#!/bin/sh\n');
    await chmod(path.join(root, 'relative/tool'), 0o755);
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('takes the first executable regular file, in PATH order', () => {
    const searchPath = [path.join(root, 'first'), path.join(root, 'second')].join(path.delimiter);
    assert.equal(findOnPath('tool', searchPath), path.join(root, 'second/tool'));
    assert.equal(findOnPath('dir-tool', searchPath), undefined);
  });

  it('never looks in a relative folder (it would resolve in the workspace)', () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      assert.equal(findOnPath('tool', ['relative', '', '.'].join(path.delimiter)), undefined);
    } finally {
      process.chdir(cwd);
    }
  });
});
