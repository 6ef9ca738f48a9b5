import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { changelogSection, changelogSections, releaseChangelog } from '../../scripts/changelog.ts';
import { repoRoot } from './git-fixture.ts';

const run = promisify(execFile);

async function projectChangelog(): Promise<string> {
  return readFile(path.join(repoRoot, 'CHANGELOG.md'), 'utf8');
}

/**
 * The names listed under `#### <kind>` headings of a section: list items that start with backticked names before a
 * colon (`` - `client-id`, `client-secret`: … ``).
 */
function listedNames(body: string, kind: 'Inputs' | 'Outputs'): Set<string> {
  const names = new Set<string>();
  for (const [, block] of body.matchAll(
    new RegExp(`^#### ${kind}\\n([\\s\\S]*?)(?=^#{2,4} |(?![\\s\\S]))`, 'gm'),
  )) {
    for (const [, lead] of (block as string).matchAll(/^- ((?:`[^`\n]+`(?:, )?)+):/gm)) {
      for (const [, name] of (lead as string).matchAll(/`([^`]+)`/g)) names.add(name as string);
    }
  }
  return names;
}

describe('CHANGELOG.md', () => {
  it('lists every input and output of action.yml in the section of 1.0.0 or a later one (Unreleased included)', async () => {
    const action = parse(await readFile(path.join(repoRoot, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    };
    const sections = changelogSections(await projectChangelog());
    const first = sections.findIndex((section) => section.name === '1.0.0');
    assert.ok(first >= 0, 'CHANGELOG.md has a section for 1.0.0');
    const since = sections.slice(0, first + 1);
    const inputs = new Set(since.flatMap((section) => [...listedNames(section.body, 'Inputs')]));
    const outputs = new Set(since.flatMap((section) => [...listedNames(section.body, 'Outputs')]));
    const missingInputs = Object.keys(action.inputs).filter((name) => !inputs.has(name));
    const missingOutputs = Object.keys(action.outputs).filter((name) => !outputs.has(name));
    assert.deepEqual(
      missingInputs,
      [],
      'inputs of action.yml missing from a "#### Inputs" list of the changelog',
    );
    assert.deepEqual(
      missingOutputs,
      [],
      'outputs of action.yml missing from a "#### Outputs" list of the changelog',
    );
  });

  it('starts with an Unreleased section, then versions newest first', async () => {
    const names = changelogSections(await projectChangelog()).map((section) => section.name);
    assert.equal(names[0], 'Unreleased');
    const versions = names.slice(1);
    assert.ok(versions.length > 0);
    const sorted = [...versions].sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    assert.deepEqual(versions, sorted);
  });

  it('is ready to release 1.0.0: the release gives its section the date and keeps the rest', async () => {
    const text = await projectChangelog();
    const released = releaseChangelog(text, '1.0.0', '2026-12-03');
    assert.equal(changelogSection(released, '1.0.0')?.heading, '## [1.0.0] - 2026-12-03');
    assert.equal(changelogSection(released, '1.0.0')?.body, changelogSection(text, '1.0.0')?.body);
    assert.equal(released.replace(/^## \[1\.0\.0\].*$/m, ''), text.replace(/^## \[1\.0\.0\].*$/m, ''));
  });
});

describe('changelog sections', () => {
  const sample = `# Changelog

## [Unreleased]

### Added

- Something new.

## [1.1.0] - 2026-12-20

### Fixed

- A fix.

## [1.0.0] - 2026-12-03

- The start.

[1.1.0]: https://example.invalid/compare/v1.0.0...v1.1.0
`;

  it("reads a version's section without its heading, up to the next section", () => {
    assert.equal(changelogSection(sample, '1.1.0')?.body, '### Fixed\n\n- A fix.');
    assert.equal(changelogSection(sample, 'Unreleased')?.body, '### Added\n\n- Something new.');
  });

  it('leaves a trailing block of link references out of the last section', () => {
    assert.equal(changelogSection(sample, '1.0.0')?.body, '- The start.');
  });

  it('has no section for a version the changelog does not name, nor for a prefix of one', () => {
    assert.equal(changelogSection(sample, '1.2.0'), undefined);
    assert.equal(changelogSection(sample, '1.1'), undefined);
  });

  it('releases what is under Unreleased as the new version, leaving Unreleased empty above it', () => {
    const released = releaseChangelog(sample, '1.2.0', '2026-12-31');
    assert.deepEqual(
      changelogSections(released).map((section) => [section.heading, section.body]),
      [
        ['## [Unreleased]', ''],
        ['## [1.2.0] - 2026-12-31', '### Added\n\n- Something new.'],
        ['## [1.1.0] - 2026-12-20', '### Fixed\n\n- A fix.'],
        ['## [1.0.0] - 2026-12-03', '- The start.'],
      ],
    );
    assert.ok(released.endsWith('[1.1.0]: https://example.invalid/compare/v1.0.0...v1.1.0\n'));
  });

  it('refuses to release a version with nothing to say', () => {
    const empty = sample.replace('### Added\n\n- Something new.\n\n', '');
    assert.throws(
      () => releaseChangelog(empty, '1.2.0', '2026-12-31'),
      /no section for 1\.2\.0 and nothing under/,
    );
    const emptySection = '## [Unreleased]\n\n## [2.0.0]\n\n## [1.0.0] - 2026-12-03\n\n- The start.\n';
    assert.throws(
      () => releaseChangelog(emptySection, '2.0.0', '2026-12-31'),
      /section for 2\.0\.0 is empty/,
    );
  });
});

describe('node scripts/changelog-section.ts X.Y.Z (the release notes)', () => {
  const script = path.join(repoRoot, 'scripts/changelog-section.ts');

  it("prints the project's 1.0.0 section, its input and output lists included, without the heading", async () => {
    const { stdout } = await run(process.execPath, [script, '1.0.0'], { cwd: repoRoot });
    assert.doesNotMatch(stdout, /^## /m);
    assert.match(stdout, /^#### Inputs$/m);
    assert.match(stdout, /^- `path`:/m);
    assert.match(stdout, /^#### Outputs$/m);
    assert.equal(`${stdout.trim()}`, changelogSection(await projectChangelog(), '1.0.0')?.body);
  });

  it('fails, printing nothing, for a version without a section or with an empty one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'changelog-section-'));
    try {
      const file = path.join(dir, 'CHANGELOG.md');
      await writeFile(
        file,
        '## [Unreleased]\n\n- Pending.\n\n## [1.1.0]\n\n## [1.0.0] - 2026-12-03\n\n- The start.\n',
      );
      for (const [version, message] of [
        ['1.2.0', /has no section for 1\.2\.0/],
        ['1.1.0', /has an empty section for 1\.1\.0/],
      ] as const) {
        const failure = await run(process.execPath, [script, version, '--file', file]).then(
          () => assert.fail(`${version} should fail`),
          (error: { code: number; stdout: string; stderr: string }) => error,
        );
        assert.equal(failure.code, 1);
        assert.equal(failure.stdout, '');
        assert.match(failure.stderr, message);
      }
      const { stdout } = await run(process.execPath, [script, '1.0.0', '--file', file]);
      assert.equal(stdout, '- The start.\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed version', async () => {
    const failure = await run(process.execPath, [script, 'v1.0.0'], { cwd: repoRoot }).then(
      () => assert.fail('v1.0.0 should be refused'),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(failure.code, 2);
    assert.match(failure.stderr, /usage: .* X\.Y\.Z \(got "v1\.0\.0"/);
  });
});
