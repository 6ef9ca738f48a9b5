import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Fixture, gitFixture, repoRoot, writeFiles } from './git-fixture.ts';

const releaseScript = path.join(repoRoot, 'scripts/release.ts');

const changelog = `# Changelog

## [Unreleased]

## [1.0.0]

### Added

- Everything the action does.
`;

const lockFile = (version: string) =>
  `${JSON.stringify(
    {
      name: 'fixture-action',
      version,
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name: 'fixture-action', version } },
    },
    null,
    2,
  )}\n`;

/**
 * An action repository in miniature: its "build" copies src/main.txt to dist/main.txt (given to the script as
 * RELEASE_BUILD_COMMAND, so no real build runs), and dist/ is committed fresh. Each test releases from a clone of it.
 */
async function actionOrigin(fixture: Fixture): Promise<string> {
  const origin = path.join(fixture.dir, 'origin');
  const project = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8'));
  const scripts: Record<string, string> = {};
  for (const name of ['release.ts', 'changelog.ts', 'versions.ts']) {
    scripts[`scripts/${name}`] = await readFile(path.join(repoRoot, 'scripts', name), 'utf8');
  }
  await writeFiles(origin, {
    ...scripts,
    'package.json': `${JSON.stringify(
      {
        name: 'fixture-action',
        version: '0.1.0',
        private: true,
        scripts: { release: project.scripts.release },
      },
      null,
      2,
    )}\n`,
    'package-lock.json': lockFile('0.1.0'),
    'CHANGELOG.md': changelog,
    'build.mjs': "import { copyFileSync } from 'node:fs';\ncopyFileSync('src/main.txt', 'dist/main.txt');\n",
    'src/main.txt': 'first\n',
    'dist/main.txt': 'first\n',
  });
  await fixture.git(fixture.dir, 'init', '--quiet', origin);
  await fixture.git(origin, 'add', '.');
  await fixture.git(origin, 'commit', '--quiet', '-m', 'The action');
  return origin;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs scripts/release.ts, or with `viaNpm` the clone's own copy through `npm run release -- …` as documented. */
function release(
  fixture: Fixture,
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  viaNpm = false,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const [command, commandArgs] = viaNpm
      ? ['npm', ['run', '--silent', 'release', '--', ...args]]
      : [process.execPath, [releaseScript, ...args]];
    const child = spawn(command, commandArgs, {
      cwd,
      env: {
        ...fixture.env,
        // npm scripts run `node` from the PATH: this Node 24, as the node@24 devDependency gives the project.
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${fixture.env.PATH ?? ''}`,
        RELEASE_BUILD_COMMAND: `"${process.execPath}" build.mjs`,
        RELEASE_DATE: '2026-12-03',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run release -- X.Y.Z (scripts/release.ts) in a temporary clone', () => {
  let fixture: Fixture;
  let clone: string;
  const git = (...args: string[]) => fixture.git(clone, ...args);
  const head = async () => (await git('rev-parse', 'HEAD')).trim();
  const tags = async () => (await git('tag', '--list')).split('\n').filter(Boolean);

  /** What a refused release must leave: the same commit, no tag, and the files as they were. */
  async function assertUntouched(before: { head: string; status: string }): Promise<void> {
    assert.equal(await head(), before.head, 'no commit was made');
    assert.deepEqual(await tags(), [], 'no tag was made');
    assert.equal(await git('status', '--porcelain', '--untracked-files=all'), before.status);
    assert.equal(JSON.parse(await readFile(path.join(clone, 'package.json'), 'utf8')).version, '0.1.0');
  }
  const snapshot = async () => ({
    head: await head(),
    status: await git('status', '--porcelain', '--untracked-files=all'),
  });

  let origin: string;
  let clones = 0;

  before(async () => {
    fixture = await gitFixture('release-test-');
    origin = await actionOrigin(fixture);
  });
  after(() => fixture.remove());
  beforeEach(async () => {
    clone = path.join(fixture.dir, `clone-${++clones}`);
    await fixture.git(fixture.dir, 'clone', '--quiet', origin, clone);
  });

  it('on a clean tree with a fresh dist/, npm run release -- 1.0.0 bumps package.json and package-lock.json, commits and tags v1.0.0, pushing nothing', async () => {
    const before = await head();
    const result = await release(fixture, clone, ['1.0.0'], {}, true);
    assert.equal(result.code, 0, result.stderr);

    const manifest = JSON.parse(await readFile(path.join(clone, 'package.json'), 'utf8'));
    const lock = JSON.parse(await readFile(path.join(clone, 'package-lock.json'), 'utf8'));
    assert.equal(manifest.version, '1.0.0');
    assert.equal(lock.version, '1.0.0');
    assert.equal(lock.packages[''].version, '1.0.0');

    assert.equal((await git('log', '-1', '--format=%s')).trim(), 'Release 1.0.0');
    assert.equal((await git('rev-parse', 'HEAD~1')).trim(), before, 'one commit on top of the last');
    assert.deepEqual(
      (await git('show', '--name-only', '--format=', 'HEAD')).split('\n').filter(Boolean).sort(),
      ['CHANGELOG.md', 'package-lock.json', 'package.json'],
    );
    assert.deepEqual(await tags(), ['v1.0.0']);
    assert.equal((await git('cat-file', '-t', 'v1.0.0')).trim(), 'tag', 'an annotated tag');
    assert.equal((await git('rev-parse', 'v1.0.0^{commit}')).trim(), await head());
    assert.equal(
      await git('tag', '--list', '--format=%(contents)', 'v1.0.0'),
      '1.0.0\n\n### Added\n\n- Everything the action does.\n\n',
      "the tag's message is the version and its changelog section",
    );

    const dated = await readFile(path.join(clone, 'CHANGELOG.md'), 'utf8');
    assert.match(dated, /^## \[1\.0\.0\] - 2026-12-03$/m);
    assert.match(dated, /^## \[Unreleased\]$/m);
    assert.equal(await git('status', '--porcelain', '--untracked-files=all'), '', 'the tree is clean after');
    assert.equal(await git('ls-remote', '--tags', 'origin'), '', 'nothing pushed');
    assert.match(result.stdout, /git push origin main v1\.0\.0/);
  });

  it('turns what is under ## [Unreleased] into the section of the next version', async () => {
    assert.equal((await release(fixture, clone, ['1.0.0'])).code, 0);
    const text = await readFile(path.join(clone, 'CHANGELOG.md'), 'utf8');
    await writeFile(
      path.join(clone, 'CHANGELOG.md'),
      text.replace('## [Unreleased]\n', '## [Unreleased]\n\n### Fixed\n\n- A fix.\n'),
    );
    await git('commit', '--quiet', '-am', 'A fix');

    const result = await release(fixture, clone, ['1.0.1'], { RELEASE_DATE: '2026-12-24' });
    assert.equal(result.code, 0, result.stderr);
    const released = await readFile(path.join(clone, 'CHANGELOG.md'), 'utf8');
    assert.match(
      released,
      /## \[Unreleased\]\n\n## \[1\.0\.1\] - 2026-12-24\n\n### Fixed\n\n- A fix\.\n\n## \[1\.0\.0\] - 2026-12-03\n/,
    );
    assert.deepEqual(await tags(), ['v1.0.0', 'v1.0.1']);
  });

  it('refuses a tree with a modified tracked file, and leaves it as it was', async () => {
    await writeFile(path.join(clone, 'src/main.txt'), 'edited\n');
    const before = await snapshot();
    const result = await release(fixture, clone, ['1.0.0']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Release refused: The working tree is not clean.*\n.*src\/main\.txt/);
    await assertUntouched(before);
    assert.equal(await readFile(path.join(clone, 'src/main.txt'), 'utf8'), 'edited\n', 'the edit is kept');
  });

  it('refuses a tree with an untracked file, and leaves the file', async () => {
    await writeFile(path.join(clone, 'notes.txt'), 'mine\n');
    const before = await snapshot();
    const result = await release(fixture, clone, ['1.0.0']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /not clean.*\n.*notes\.txt/);
    await assertUntouched(before);
    assert.equal(await readFile(path.join(clone, 'notes.txt'), 'utf8'), 'mine\n');
  });

  it('refuses a stale dist/ (sources committed without rebuilding) and puts back what the check rebuilt', async () => {
    await writeFile(path.join(clone, 'src/main.txt'), 'second\n');
    await git('commit', '--quiet', '-am', 'Change the source, forget the build');
    const before = await snapshot();
    const result = await release(fixture, clone, ['1.0.0']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Release refused: dist\/ is stale.*\n.*dist\/main\.txt/);
    await assertUntouched(before);
    assert.equal(await readFile(path.join(clone, 'dist/main.txt'), 'utf8'), 'first\n', 'dist/ as committed');
  });

  it('refuses when the build fails', async () => {
    const before = await snapshot();
    const result = await release(fixture, clone, ['1.0.0'], { RELEASE_BUILD_COMMAND: 'exit 3' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /The build \(exit 3\) failed with exit code 3/);
    await assertUntouched(before);
  });

  it('refuses before changing anything when git has no committer to write the commit', async () => {
    const config = path.join(fixture.dir, 'no-identity.gitconfig');
    await writeFile(config, '[user]\n\tuseConfigOnly = true\n');
    const before = await snapshot();
    const result = await release(fixture, clone, ['1.0.0'], { GIT_CONFIG_GLOBAL: config });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /git has no committer name and e-mail/);
    await assertUntouched(before);
  });

  for (const version of ['1.0', 'v1.0.0', '01.0.0', '1.0.0-rc.1', '1.0.0.0', '']) {
    it(`refuses the malformed version ${JSON.stringify(version)}, naming it and what is allowed`, async () => {
      const before = await snapshot();
      const result = await release(fixture, clone, [version]);
      assert.equal(result.code, 1);
      assert.ok(
        result.stderr.includes(`Version ${JSON.stringify(version)} is not allowed: expected X.Y.Z`),
        result.stderr,
      );
      await assertUntouched(before);
    });
  }

  it('refuses a version whose tag already exists', async () => {
    await git('tag', 'v1.0.0');
    const result = await release(fixture, clone, ['1.0.0']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Tag v1\.0\.0 already exists/);
    assert.equal(JSON.parse(await readFile(path.join(clone, 'package.json'), 'utf8')).version, '0.1.0');
  });

  it('refuses a version at or below the newest release tag', async () => {
    await git('tag', 'v1.2.0');
    const result = await release(fixture, clone, ['1.1.9']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Version 1\.1\.9 is not above the newest release, v1\.2\.0/);
    assert.deepEqual(await tags(), ['v1.2.0']);
  });

  it('refuses a version the changelog says nothing about', async () => {
    const before = await snapshot();
    const result = await release(fixture, clone, ['2.0.0']);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /CHANGELOG\.md has no section for 2\.0\.0 and nothing under "## \[Unreleased\]"/,
    );
    await assertUntouched(before);
  });
});
