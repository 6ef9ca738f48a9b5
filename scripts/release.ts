/**
 * `npm run release -- X.Y.Z`: prepares release X.Y.Z in this clone, and pushes nothing. It refuses (exit 1, the
 * tree left as it was) a malformed version, a version at or below an existing release tag, a tree with any change
 * or untracked file, a changelog with nothing to release, and a dist/ that is not what a fresh build produces.
 * Otherwise it sets the version in package.json and package-lock.json (`npm version`), dates the version's section
 * of CHANGELOG.md (or turns what is under `## [Unreleased]` into it), commits "Release X.Y.Z" and makes the
 * annotated tag vX.Y.Z. Pushing the tag starts .github/workflows/release.yml, which checks and tests again, publishes
 * the GitHub release with that changelog section and moves vX and vX.Y.
 *
 * The freshness check runs `npm run build` and then asks git whether any tracked file changed; RELEASE_BUILD_COMMAND
 * (a shell command) replaces `npm run build`, which the tests use to stay fast. RELEASE_DATE (YYYY-MM-DD) replaces
 * today's date (UTC) in the changelog heading.
 */
import { execFile, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { changelogSection, releaseChangelog } from './changelog.ts';
import { compareVersions, releasedVersions, releaseVersion } from './versions.ts';

class Refusal extends Error {}

const run = promisify(execFile);

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout;
}

/** Runs a shell command with its output shown; resolves to its exit code. */
function shell(command: string, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, shell: true, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Changed, staged, deleted and untracked (not ignored) paths, as `git status --porcelain` lines. */
async function changes(root: string): Promise<string[]> {
  return (await git(root, 'status', '--porcelain', '--untracked-files=all')).split('\n').filter(Boolean);
}

function listed(lines: string[]): string {
  const shown = lines.slice(0, 20).map((line) => `  ${line}`);
  if (lines.length > shown.length) shown.push(`  … and ${lines.length - shown.length} more`);
  return shown.join('\n');
}

async function checkVersion(root: string, version: string): Promise<void> {
  if (!releaseVersion.test(version)) {
    throw new Refusal(
      `Version ${JSON.stringify(version)} is not allowed: expected X.Y.Z, three whole numbers without leading zeros (e.g. 1.2.3)`,
    );
  }
  const tags = (await git(root, 'tag', '--list', 'v*')).split('\n').filter(Boolean);
  if (tags.includes(`v${version}`)) throw new Refusal(`Tag v${version} already exists`);
  const newest = releasedVersions(tags).sort(compareVersions).at(-1);
  if (newest !== undefined && compareVersions(version, newest) <= 0) {
    throw new Refusal(`Version ${version} is not above the newest release, v${newest}`);
  }
}

async function checkClean(root: string): Promise<void> {
  // Checked before anything is changed, so that the commit cannot fail half-way for want of a name.
  await git(root, 'var', 'GIT_COMMITTER_IDENT').catch(() => {
    throw new Refusal('git has no committer name and e-mail: set user.name and user.email first');
  });
  const dirty = await changes(root);
  if (dirty.length > 0) {
    throw new Refusal(`The working tree is not clean; commit or stash these first:\n${listed(dirty)}`);
  }
}

/** Builds, and refuses when the build changed any tracked file (dist/ above all); puts the tree back either way. */
async function checkBuildIsCommitted(root: string): Promise<void> {
  const command = process.env.RELEASE_BUILD_COMMAND || 'npm run build';
  console.log(`Building (${command}) to check that dist/ is what the sources give …`);
  const code = await shell(command, root);
  const changed = await changes(root);
  if (changed.length > 0) {
    await git(root, 'checkout', '--', '.');
    await git(root, 'clean', '-fd', '--', '.');
  }
  if (code !== 0) throw new Refusal(`The build (${command}) failed with exit code ${code}`);
  if (changed.length > 0) {
    throw new Refusal(
      `dist/ is stale: a fresh build changes these files (put back as they were):\n${listed(changed)}\nRun npm run build, commit the result, and release again.`,
    );
  }
}

function releaseDate(): string {
  const date = process.env.RELEASE_DATE || new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new Refusal(`RELEASE_DATE ${JSON.stringify(date)} is not YYYY-MM-DD`);
  return date;
}

async function release(root: string, version: string): Promise<void> {
  await checkVersion(root, version);
  await checkClean(root);
  const changelogFile = path.join(root, 'CHANGELOG.md');
  const changelog = await readFile(changelogFile, 'utf8').catch(() => {
    throw new Refusal('CHANGELOG.md is missing');
  });
  let released: string;
  try {
    released = releaseChangelog(changelog, version, releaseDate());
  } catch (error) {
    throw error instanceof Refusal ? error : new Refusal((error as Error).message);
  }
  await checkBuildIsCommitted(root);

  await run('npm', ['version', version, '--no-git-tag-version', '--allow-same-version'], { cwd: root });
  await writeFile(changelogFile, released);
  // package.json, package-lock.json (when there is one) and CHANGELOG.md: the only files changed since the checks.
  await git(root, 'add', '--update', '--', '.');
  await git(root, 'commit', '--quiet', '-m', `Release ${version}`);
  const notes = changelogSection(released, version)?.body ?? '';
  // verbatim: git's default clean-up would drop the notes' `### Added` headings as comment lines.
  await git(
    root,
    'tag',
    '--annotate',
    '--cleanup=verbatim',
    `v${version}`,
    '--message',
    `${version}\n\n${notes}\n`,
  );

  const branch = (await git(root, 'rev-parse', '--abbrev-ref', 'HEAD')).trim();
  console.log(`Made the commit "Release ${version}" and the tag v${version}. To publish:
  git push origin ${branch === 'HEAD' ? 'HEAD' : branch} v${version}
The release workflow then checks dist/ and the tests, publishes the release and moves the major tags.`);
}

const version = process.argv[2] ?? '';
if (process.argv.length !== 3) {
  console.error('usage: npm run release -- X.Y.Z');
  process.exit(2);
}
try {
  const root = await git(process.cwd(), 'rev-parse', '--show-toplevel').then(
    (out) => out.trim(),
    () => {
      throw new Refusal(`${process.cwd()} is not inside a git repository`);
    },
  );
  await release(root, version);
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  console.error(`Release refused: ${error.message}`);
  process.exit(1);
}
