/** The commit step against the GitHub API stand-in, driven through @actions/github's Octokit. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, truncate } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { publishResults } from '../../src/publish/publish-results.ts';
import type { RunnerEnvironment } from '../../src/settings/runner.ts';
import type { Settings } from '../../src/settings/types.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import {
  makeEnvironment,
  makeSettings,
  makeWorkspace,
  result,
  unescapeMarkdown,
  type Workspace,
} from './helpers.ts';

let api: GitHubApiStandIn;
let ws: Workspace;

beforeEach(async () => {
  api = await startGitHubApi('octo', 'docs');
  api.tokens.set('rw-token', { contents: 'write', pullRequests: 'write' });
  api.tokens.set('ro-token', { contents: 'read', pullRequests: 'write' });
  ws = await makeWorkspace();
});

afterEach(async () => {
  await api.close();
});

function commitSettings(overrides: Parameters<typeof makeSettings>[1] = {}): Settings {
  return makeSettings(ws, { targets: ['commit'], githubToken: 'rw-token', ...overrides });
}

function environment(overrides: Partial<RunnerEnvironment> = {}): RunnerEnvironment {
  return makeEnvironment({ apiUrl: api.url, sha: api.branches.get('main') ?? '', ...overrides });
}

async function convertedFiles(files: Record<string, string | Buffer>) {
  const results = [];
  for (const [relative, content] of Object.entries(files)) {
    const file = await ws.write(relative, content);
    results.push(result(ws, `docs/${relative}.docx`, 'pdf', 'converted', [file]));
  }
  return results;
}

test('commits only the changed files on top of the existing branch, keeping the rest of the tree', async () => {
  const same = randomBytes(2000);
  const seed = api.commitFiles(
    'main',
    { 'README.md': '# docs\n', 'converted/same.pdf': same, 'converted/changed.pdf': 'old' },
    'seed',
  );
  const newContent = randomBytes(3000);
  const results = await convertedFiles({
    'converted/same.pdf': same,
    'converted/changed.pdf': 'new content',
    'converted/new dir/My Report (final).pdf': newContent,
  });

  const outcome = await publishResults(commitSettings(), results, environment({ sha: seed }));

  assert.deepEqual(outcome.failures, []);
  const head = api.branches.get('main');
  assert.ok(head && head !== seed);
  assert.equal(outcome.commitSha, head);
  assert.equal(outcome.commitUrl, `https://github.com/octo/docs/commit/${head}`);
  assert.deepEqual(api.history('main'), ['Convert documents [skip ci]', 'seed']);
  assert.deepEqual(api.commits.get(head)?.parents, [seed]);
  const files = api.filesAt(head);
  assert.deepEqual([...files.keys()].sort(), [
    'README.md',
    'converted/changed.pdf',
    'converted/new dir/My Report (final).pdf',
    'converted/same.pdf',
  ]);
  assert.equal(files.get('converted/changed.pdf')?.toString(), 'new content');
  assert.deepEqual(files.get('converted/new dir/My Report (final).pdf'), newContent);
  assert.equal(api.requestsMatching('POST', /\/git\/blobs$/).length, 2, 'the unchanged file is not uploaded');
  assert.equal(
    outcome.fileLinks.get(ws.at('converted/new dir/My Report (final).pdf'))?.commit,
    `https://github.com/octo/docs/blob/${head}/converted/new%20dir/My%20Report%20%28final%29.pdf`,
  );
  assert.equal(
    outcome.fileLinks.get(ws.at('converted/same.pdf'))?.commit,
    `https://github.com/octo/docs/blob/${head}/converted/same.pdf`,
  );
  assert.ok(api.requests.every((r) => r.token === 'rw-token'));
});

test('creates a missing branch from the current commit, leaving the triggering branch alone', async () => {
  const seed = api.commitFiles('main', { 'README.md': 'x' }, 'seed');
  const results = await convertedFiles({ 'converted/a.pdf': 'A' });

  const outcome = await publishResults(
    commitSettings({ commitBranch: 'docs/converted' }),
    results,
    environment({ sha: seed }),
  );

  assert.deepEqual(outcome.failures, []);
  assert.equal(api.branches.get('main'), seed);
  const head = api.branches.get('docs/converted');
  assert.equal(outcome.commitSha, head);
  assert.deepEqual(api.commits.get(head ?? '')?.parents, [seed]);
  assert.equal(
    api
      .filesAt(head ?? '')
      .get('converted/a.pdf')
      ?.toString(),
    'A',
  );
});

test('commits to the head branch of a pull request', async () => {
  const seed = api.commitFiles('main', { 'README.md': 'x' }, 'seed');
  api.commitFiles('feature', { 'README.md': 'x', 'feature.txt': 'f' }, 'feature work');
  const results = await convertedFiles({ 'converted/a.pdf': 'A' });
  const env = environment({
    eventName: 'pull_request',
    ref: 'refs/pull/7/merge',
    sha: 'f'.repeat(40),
    pullRequest: { number: 7, headRef: 'feature', headRepoFullName: 'octo/docs', baseSha: '' },
  });

  const outcome = await publishResults(commitSettings(), results, env);

  assert.deepEqual(outcome.failures, []);
  assert.equal(api.branches.get('main'), seed);
  assert.deepEqual(api.history('feature'), ['Convert documents [skip ci]', 'feature work']);
});

test('makes no commit when nothing changed', async () => {
  api.commitFiles('main', { 'README.md': 'x' }, 'seed');
  const results = await convertedFiles({ 'converted/a.pdf': 'A', 'converted/b/c.pdf': 'C' });
  const first = await publishResults(commitSettings(), results, environment());
  const headAfterFirst = api.branches.get('main');
  const blobsAfterFirst = api.requestsMatching('POST', /\/git\/blobs$/).length;

  const second = await publishResults(commitSettings(), results, environment());

  assert.ok(first.commitSha);
  assert.deepEqual(second.failures, []);
  assert.equal(second.commitSha, undefined);
  assert.equal(second.commitUrl, undefined);
  assert.deepEqual(second.notices, ['commit: nothing changed on main, no commit made']);
  assert.equal(api.branches.get('main'), headAfterFirst);
  assert.equal(api.requestsMatching('POST', /\/git\/blobs$/).length, blobsAfterFirst);
  assert.equal(api.requestsMatching('POST', /\/git\/commits$/).length, 1);
  assert.equal(
    second.fileLinks.get(ws.at('converted/b/c.pdf'))?.commit,
    `https://github.com/octo/docs/blob/${headAfterFirst}/converted/b/c.pdf`,
  );
});

test('finds unchanged files when GitHub truncates the recursive tree', async () => {
  api.commitFiles('main', { 'README.md': 'x', 'converted/a.pdf': 'A', 'converted/deep/b.pdf': 'B' }, 'seed');
  api.truncateRecursiveTrees = true;
  const unchanged = await convertedFiles({ 'converted/a.pdf': 'A', 'converted/deep/b.pdf': 'B' });

  const nothing = await publishResults(commitSettings(), unchanged, environment());
  const changed = await publishResults(
    commitSettings(),
    [...unchanged, ...(await convertedFiles({ 'converted/deep/er/c.pdf': 'C' }))],
    environment(),
  );

  assert.equal(nothing.commitSha, undefined);
  assert.deepEqual(nothing.failures, []);
  assert.ok(changed.commitSha);
  assert.equal(api.requestsMatching('POST', /\/git\/blobs$/).length, 1, 'only the new file is uploaded');
  assert.equal(api.filesAt(changed.commitSha).get('converted/deep/er/c.pdf')?.toString(), 'C');
});

test('when another commit lands before the ref update, rebuilds on it: both commits survive, nothing forced', async () => {
  api.commitFiles('main', { 'README.md': 'x' }, 'seed');
  const results = await convertedFiles({ 'converted/a.pdf': 'A', 'converted/b.pdf': 'B' });
  let theirs = '';
  api.beforeRefUpdate = (branch) => {
    theirs = api.commitFiles(branch, { 'other.txt': 'pushed meanwhile' }, 'someone else');
  };

  const outcome = await publishResults(commitSettings(), results, environment());

  assert.deepEqual(outcome.failures, []);
  const head = api.branches.get('main') ?? '';
  assert.equal(outcome.commitSha, head);
  assert.deepEqual(api.history('main'), ['Convert documents [skip ci]', 'someone else', 'seed']);
  assert.deepEqual(api.commits.get(head)?.parents, [theirs]);
  const files = api.filesAt(head);
  assert.equal(files.get('other.txt')?.toString(), 'pushed meanwhile');
  assert.equal(files.get('converted/a.pdf')?.toString(), 'A');
  assert.equal(api.requestsMatching('PATCH', /\/git\/refs\//).length, 2);
  assert.equal(api.requestsMatching('POST', /\/git\/blobs$/).length, 2, 'blobs are not uploaded twice');
});

test('gives up after 5 attempts when the branch keeps moving, without forcing', async () => {
  api.commitFiles('main', { 'README.md': 'x' }, 'seed');
  const results = await convertedFiles({ 'converted/a.pdf': 'A' });
  let pushes = 0;
  const pushAgain = (branch: string) => {
    api.commitFiles(branch, { 'counter.txt': String(++pushes) }, `push ${pushes}`);
    api.beforeRefUpdate = pushAgain;
  };
  api.beforeRefUpdate = pushAgain;

  const outcome = await publishResults(commitSettings(), results, environment());
  api.beforeRefUpdate = undefined;

  assert.equal(outcome.commitSha, undefined);
  assert.deepEqual(outcome.failures, [
    'commit: main kept moving; gave up after 5 attempts (the branch is never force-updated)',
  ]);
  assert.equal(pushes, 5);
  assert.deepEqual(api.history('main'), ['push 5', 'push 4', 'push 3', 'push 2', 'push 1', 'seed']);
});

test('a read-only token fails the commit naming contents: write, and the other steps still run', async () => {
  const seed = api.commitFiles('main', { 'README.md': 'x' }, 'seed');
  const results = await convertedFiles({ 'converted/a.pdf': 'A' });
  const settings = commitSettings({ githubToken: 'ro-token', prComment: 'auto' });
  const env = environment({
    eventName: 'pull_request',
    pullRequest: { number: 3, headRef: 'main', headRepoFullName: 'octo/docs', baseSha: '' },
  });

  const outcome = await publishResults(settings, results, env);

  assert.equal(outcome.failures.length, 1);
  assert.match(
    outcome.failures[0] ?? '',
    /^commit: the token cannot write contents \(needs permissions: contents: write; pull requests from forks get a read-only token\) \(HTTP 403: Resource not accessible by integration\)$/,
  );
  assert.equal(api.branches.get('main'), seed);
  assert.ok(outcome.commentUrl, 'the pull-request comment is still posted');
  const [comment] = api.comments.get(3) ?? [];
  assert.match(
    unescapeMarkdown(comment?.body ?? ''),
    /- commit: the token cannot write contents \(needs permissions: contents: write/,
  );
});

test('refuses files over 100 MiB before writing anything', async () => {
  api.commitFiles('main', { 'README.md': 'x' }, 'seed');
  const results = await convertedFiles({ 'converted/small.pdf': 'a', 'converted/huge.pdf': '' });
  await truncate(ws.at('converted/huge.pdf'), 100 * 1024 * 1024 + 1);

  const outcome = await publishResults(commitSettings(), results, environment());

  assert.deepEqual(outcome.failures, [
    'commit: refused, nothing was written: GitHub does not accept files over 100 MiB: converted/huge.pdf (100.0 MiB)',
  ]);
  assert.equal(api.requests.length, 0);
});

test('does not try to push to the branch of a pull request from a fork', async () => {
  const results = await convertedFiles({ 'converted/a.pdf': 'A' });
  const env = environment({
    eventName: 'pull_request',
    pullRequest: { number: 9, headRef: 'patch-1', headRepoFullName: 'someone/docs', baseSha: '' },
  });

  const outcome = await publishResults(commitSettings(), results, env);

  assert.equal(outcome.failures.length, 1);
  assert.match(
    outcome.failures[0] ?? '',
    /^commit: the pull request's branch is in the fork someone\/docs.*set commit-branch/,
  );
  assert.equal(api.requests.length, 0);
});

test('without a branch to commit to (a tag push) the step fails and says to set commit-branch', async () => {
  const results = await convertedFiles({ 'converted/a.pdf': 'A' });

  const outcome = await publishResults(commitSettings(), results, environment({ ref: 'refs/tags/v1.0' }));

  assert.deepEqual(outcome.failures, [
    "commit: cannot tell which branch to commit to (GITHUB_REF is 'refs/tags/v1.0'); set commit-branch",
  ]);
});

test('commits files at their path in the checked-out repository, which may be a subfolder of the workspace', async () => {
  const seed = api.commitFiles('main', { 'README.md': 'x', 'converted/same.pdf': 'S' }, 'seed');
  await mkdir(ws.at('repo/.git'), { recursive: true });
  const settings = makeSettings(
    { workspace: ws.workspace, outputDir: ws.at('repo/converted') },
    { targets: ['commit'], githubToken: 'rw-token' },
  );
  const results = [];
  for (const [relative, content] of [
    ['repo/converted/a.pdf', 'A'],
    ['repo/converted/same.pdf', 'S'],
    ['repo/converted/sub/b.pdf', 'B'],
  ] as const) {
    results.push(result(ws, 'docs/x.docx', 'pdf', 'converted', [await ws.write(relative, content)]));
  }

  const outcome = await publishResults(settings, results, environment({ sha: seed }));

  assert.deepEqual(outcome.failures, []);
  const head = outcome.commitSha ?? '';
  assert.deepEqual([...api.filesAt(head).keys()].sort(), [
    'README.md',
    'converted/a.pdf',
    'converted/same.pdf',
    'converted/sub/b.pdf',
  ]);
  assert.equal(
    api.requestsMatching('POST', /\/git\/blobs$/).length,
    2,
    'the unchanged file is found at its path',
  );
  assert.equal(
    outcome.fileLinks.get(ws.at('repo/converted/sub/b.pdf'))?.commit,
    `https://github.com/octo/docs/blob/${head}/converted/sub/b.pdf`,
  );
});

test('finds the repository root above the workspace when the workspace is a folder of the checkout', async () => {
  const seed = api.commitFiles('main', { 'README.md': 'x' }, 'seed');
  await mkdir(ws.at('.git'), { recursive: true });
  const inner = { workspace: ws.at('site'), outputDir: ws.at('site/converted') };
  const file = await ws.write('site/converted/a.pdf', 'A');
  const settings = makeSettings(inner, { targets: ['commit'], githubToken: 'rw-token' });

  const outcome = await publishResults(
    settings,
    [result(inner, 'docs/a.docx', 'pdf', 'converted', [file])],
    environment({ sha: seed }),
  );

  assert.deepEqual(outcome.failures, []);
  assert.deepEqual([...api.filesAt(outcome.commitSha ?? '').keys()].sort(), [
    'README.md',
    'site/converted/a.pdf',
  ]);
});

test('a file of 9 MiB, past the size sent through Octokit, arrives in the commit byte for byte with the workflow token', async () => {
  const seed = api.commitFiles('main', { 'README.md': 'x' }, 'seed');
  const results = await convertedFiles({ 'converted/big.pdf': randomBytes(9 * 1024 * 1024 + 1) });

  const outcome = await publishResults(commitSettings(), results, environment({ sha: seed }));

  assert.deepEqual(outcome.failures, []);
  const committed = api.filesAt(outcome.commitSha ?? '').get('converted/big.pdf');
  assert.ok(committed?.equals(await readFile(ws.at('converted/big.pdf'))), 'same bytes');
  const [blob] = api.requestsMatching('POST', /\/git\/blobs$/);
  assert.equal(blob?.token, 'rw-token');
});

test('a large blob refused by a read-only token names contents: write', async () => {
  const seed = api.commitFiles('main', { 'README.md': 'x' }, 'seed');
  api.tokens.set('ro-blob-token', { contents: 'read', pullRequests: 'read' });
  const results = await convertedFiles({ 'converted/big.pdf': randomBytes(8 * 1024 * 1024) });

  const outcome = await publishResults(
    commitSettings({ commitBranch: 'main', githubToken: 'ro-blob-token' }),
    results,
    environment({ sha: seed }),
  );

  assert.deepEqual(outcome.failures, [
    'commit: the token cannot write contents (needs permissions: contents: write; pull requests from forks get a read-only token) (HTTP 403: Resource not accessible by integration)',
  ]);
  assert.equal(api.branches.get('main'), seed);
});

test('removes the outputs it is told to in the same commit, and commits the extra files beside them', async () => {
  const seed = api.commitFiles(
    'main',
    { 'README.md': 'x', 'converted/gone.pdf': 'old', 'converted/kept.pdf': 'K' },
    'seed',
  );
  const results = await convertedFiles({ 'converted/kept.pdf': 'K' });
  const manifest = await ws.write('converted/.convert-documents.json', '{"version":1}');

  const outcome = await publishResults(
    commitSettings(),
    results,
    environment({ sha: seed }),
    {},
    {
      commitChanges: {
        alsoCommit: [manifest],
        remove: [ws.at('converted/gone.pdf'), ws.at('converted/never-committed.pdf')],
      },
    },
  );

  assert.deepEqual(outcome.failures, []);
  const head = api.branches.get('main') as string;
  assert.notEqual(head, seed);
  assert.deepEqual([...api.filesAt(head).keys()].sort(), [
    'README.md',
    'converted/.convert-documents.json',
    'converted/kept.pdf',
  ]);
});

test('makes a commit for a removal alone', async () => {
  const seed = api.commitFiles('main', { 'converted/gone.pdf': 'old', 'converted/kept.pdf': 'K' }, 'seed');
  const results = await convertedFiles({ 'converted/kept.pdf': 'K' });

  await publishResults(
    commitSettings(),
    results,
    environment({ sha: seed }),
    {},
    { commitChanges: { alsoCommit: [], remove: [ws.at('converted/gone.pdf')] } },
  );

  const head = api.branches.get('main') as string;
  assert.notEqual(head, seed, 'no commit was made');
  assert.deepEqual([...api.filesAt(head).keys()], ['converted/kept.pdf']);
});
