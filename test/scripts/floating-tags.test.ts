import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { compareVersions, floatingTags } from '../../scripts/versions.ts';
import { gitFixture, repoRoot } from './git-fixture.ts';

const run = promisify(execFile);

describe('moving tags of a release (vX, vX.Y)', () => {
  it('moves both, and is latest, for the first release', () => {
    assert.deepEqual(floatingTags('1.0.0', ['v1.0.0']), { move: ['v1', 'v1.0'], latest: true });
    assert.deepEqual(floatingTags('1.0.0', []), { move: ['v1', 'v1.0'], latest: true });
  });

  it('moves both for a newer release of the same line, whatever tags sit beside', () => {
    const tags = ['v1', 'v1.0', 'v1.0.0', 'v1.0.1', 'v1.1.0', 'nightly', 'v1.2.0-rc.1'];
    assert.deepEqual(floatingTags('1.2.0', [...tags, 'v1.2.0']), { move: ['v1', 'v1.2'], latest: true });
  });

  it('moves only vX.Y for a fix to an older minor line, and the release is not latest', () => {
    const tags = ['v1.0.0', 'v1.1.0', 'v1.0.1'];
    assert.deepEqual(floatingTags('1.0.1', tags), { move: ['v1.0'], latest: false });
  });

  it('moves vX and vX.Y of an older major line without being latest', () => {
    const tags = ['v1.4.0', 'v2.0.0', 'v1.4.1'];
    assert.deepEqual(floatingTags('1.4.1', tags), { move: ['v1', 'v1.4'], latest: false });
  });

  it('compares versions as numbers, not text (1.10.0 is above 1.9.0)', () => {
    assert.ok(compareVersions('1.10.0', '1.9.0') > 0);
    assert.deepEqual(floatingTags('1.9.1', ['v1.10.0', 'v1.9.0']), { move: ['v1.9'], latest: false });
  });

  it('prints key=value lines for $GITHUB_OUTPUT from the repository tags (node scripts/floating-tags.ts)', async () => {
    const fixture = await gitFixture('floating-tags-');
    try {
      await fixture.git(fixture.dir, 'init', '--quiet', 'repo');
      const repo = path.join(fixture.dir, 'repo');
      await fixture.git(repo, 'commit', '--quiet', '--allow-empty', '-m', 'one');
      for (const tag of ['v1.0.0', 'v1.1.0', 'v1.0.1', 'v1']) await fixture.git(repo, 'tag', tag);
      const script = path.join(repoRoot, 'scripts/floating-tags.ts');
      const { stdout } = await run(process.execPath, [script, 'v1.0.1'], { cwd: repo, env: fixture.env });
      assert.equal(stdout, 'move=v1.0\nlatest=false\n');
      const newest = await run(process.execPath, [script, 'v1.1.0'], { cwd: repo, env: fixture.env });
      assert.equal(newest.stdout, 'move=v1 v1.1\nlatest=true\n');
    } finally {
      await fixture.remove();
    }
  });
});
