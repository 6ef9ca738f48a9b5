/** The release step against the GitHub API stand-in. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, test } from 'node:test';
import { publishResults } from '../../src/publish/publish-results.ts';
import type { RunnerEnvironment } from '../../src/settings/runner.ts';
import type { Settings } from '../../src/settings/types.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { neverAnswer } from '../stand-ins/hostile-github.ts';
import { makeEnvironment, makeSettings, makeWorkspace, result, type Workspace } from './helpers.ts';

let api: GitHubApiStandIn;
let ws: Workspace;

beforeEach(async () => {
  api = await startGitHubApi('octo', 'docs');
  api.tokens.set('rw-token', { contents: 'write', pullRequests: 'write' });
  api.tokens.set('ro-token', { contents: 'read', pullRequests: 'read' });
  ws = await makeWorkspace();
});

afterEach(async () => {
  await api.close();
});

function releaseSettings(overrides: Parameters<typeof makeSettings>[1] = {}): Settings {
  return makeSettings(ws, { targets: ['release'], githubToken: 'rw-token', ...overrides });
}

function environment(overrides: Partial<RunnerEnvironment> = {}): RunnerEnvironment {
  return makeEnvironment({ apiUrl: api.url, ...overrides });
}

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url);
  assert.equal(response.status, 200, url);
  return Buffer.from(await response.arrayBuffer());
}

test('uploads every converted file to the tagged release, replacing an asset of the same name', async () => {
  const release = api.createRelease('v1.0');
  api.addAsset(release, 'report.pdf', Buffer.from('the old report'));
  api.addAsset(release, 'notes.txt', Buffer.from('unrelated asset'));
  const report = await ws.write('converted/report.pdf', randomBytes(50_000));
  const guide = await ws.write('converted/guides/My Guide.html', '<h1>Guide</h1>');
  const results = [
    result(ws, 'docs/report.docx', 'pdf', 'converted', [report]),
    result(ws, 'docs/guides/My Guide.md', 'html', 'converted', [guide]),
  ];

  const outcome = await publishResults(releaseSettings({ releaseTag: 'v1.0' }), results, environment());

  assert.deepEqual(outcome.failures, []);
  assert.equal(outcome.releaseUrl, 'https://github.com/octo/docs/releases/tag/v1.0');
  assert.deepEqual(release.assets.map((a) => a.name).sort(), [
    'guides-My.Guide.html',
    'notes.txt',
    'report.pdf',
  ]);
  const replaced = release.assets.filter((a) => a.name === 'report.pdf');
  assert.equal(replaced.length, 1);
  assert.equal(replaced[0]?.contentType, 'application/pdf');
  const reportLink = outcome.fileLinks.get(report)?.release ?? '';
  assert.deepEqual(await download(reportLink), await readFile(report));
  assert.equal((await download(outcome.fileLinks.get(guide)?.release ?? '')).toString(), '<h1>Guide</h1>');
  assert.equal(release.assets.find((a) => a.name === 'notes.txt')?.content.toString(), 'unrelated asset');
});

test('a second run replaces its own assets again (still one asset per name, new content)', async () => {
  const release = api.createRelease('v2');
  const file = await ws.write('converted/a.pdf', 'first');
  const results = [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])];
  await publishResults(releaseSettings({ releaseTag: 'v2' }), results, environment());
  await ws.write('converted/a.pdf', 'second');

  const outcome = await publishResults(releaseSettings({ releaseTag: 'v2' }), results, environment());

  assert.deepEqual(outcome.failures, []);
  assert.deepEqual(
    release.assets.map((a) => [a.name, a.content.toString()]),
    [['a.pdf', 'second']],
  );
});

test('on a release event, uses the release of the event', async () => {
  const release = api.createRelease('v3');
  const file = await ws.write('converted/a.pdf', 'A');

  const outcome = await publishResults(
    releaseSettings(),
    [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])],
    environment({ eventName: 'release', release: { id: release.id, tag: 'v3' } }),
  );

  assert.deepEqual(outcome.failures, []);
  assert.deepEqual(
    release.assets.map((a) => a.name),
    ['a.pdf'],
  );
});

test('a tag without a published release is a failure that says so', async () => {
  api.createRelease('v4', true);
  const file = await ws.write('converted/a.pdf', 'A');

  const outcome = await publishResults(
    releaseSettings({ releaseTag: 'v4' }),
    [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])],
    environment(),
  );

  assert.deepEqual(outcome.failures, [
    'release: no published release has the tag v4 (a draft release cannot be found by its tag)',
  ]);
});

test('without release-tag outside a release event, the step fails and says why', async () => {
  const file = await ws.write('converted/a.pdf', 'A');

  const outcome = await publishResults(
    releaseSettings(),
    [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])],
    environment(),
  );

  assert.deepEqual(outcome.failures, [
    'release: no release-tag was given and the run was not started by a release event',
  ]);
});

test('a read-only token fails the release step naming contents: write', async () => {
  const release = api.createRelease('v5');
  api.addAsset(release, 'a.pdf', Buffer.from('kept'));
  const file = await ws.write('converted/a.pdf', 'A');

  const outcome = await publishResults(
    releaseSettings({ releaseTag: 'v5', githubToken: 'ro-token' }),
    [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])],
    environment(),
  );

  assert.equal(outcome.failures.length, 1);
  assert.match(
    outcome.failures[0] ?? '',
    /^release: the token cannot write contents \(needs permissions: contents: write/,
  );
  assert.equal(release.assets[0]?.content.toString(), 'kept');
});

test('a refused upload (no asset to delete first) also names contents: write', async () => {
  const release = api.createRelease('v6');
  const file = await ws.write('converted/a.pdf', 'A');

  const outcome = await publishResults(
    releaseSettings({ releaseTag: 'v6', githubToken: 'ro-token' }),
    [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])],
    environment(),
  );

  assert.deepEqual(outcome.failures, [
    'release: the token cannot write contents (needs permissions: contents: write; pull requests from forks get a read-only token) (HTTP 403: Resource not accessible by integration)',
  ]);
  assert.equal(release.assets.length, 0);
});

test('uploads to the upload_url the release gives (a GHES-style URI template under /api/uploads)', async () => {
  api.uploadOrigin = `${api.url}/api/uploads`;
  const release = api.createRelease('v7');
  const file = await ws.write('converted/guides/My Guide.html', '<p>guide</p>');

  const outcome = await publishResults(
    releaseSettings({ releaseTag: 'v7' }),
    [result(ws, 'docs/guides/My Guide.md', 'html', 'converted', [file])],
    environment(),
  );

  assert.deepEqual(outcome.failures, []);
  const uploads = api.requestsMatching('POST', /\/assets$/);
  assert.deepEqual(
    uploads.map((r) => r.path),
    [`/api/uploads/repos/octo/docs/releases/${release.id}/assets`],
  );
  assert.equal(uploads[0]?.token, 'rw-token');
  assert.deepEqual(
    release.assets.map((a) => [a.name, a.contentType, a.content.toString()]),
    [['guides-My.Guide.html', 'text/html', '<p>guide</p>']],
  );
});

test('when the new upload fails, the asset it would replace is still there', async () => {
  const release = api.createRelease('v8');
  const old = api.addAsset(release, 'a.pdf', Buffer.from('the old file'));
  const file = await ws.write('converted/a.pdf', 'the new file');
  api.uploadFailure = { status: 500, message: 'Server Error' };

  const outcome = await publishResults(
    releaseSettings({ releaseTag: 'v8' }),
    [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])],
    environment(),
  );

  assert.equal(outcome.failures.length, 1);
  assert.match(outcome.failures[0] ?? '', /^release: upload of converted\/a\.pdf as a\.pdf failed: HTTP 500/);
  assert.deepEqual(
    release.assets.map((a) => [a.id, a.name, a.content.toString()]),
    [[old.id, 'a.pdf', 'the old file']],
  );
  assert.equal(api.requestsMatching('DELETE', /\/releases\/assets\//).length, 0);
});

test('a replaced asset is uploaded under a temporary name, then the old one deleted and the new one renamed', async () => {
  const release = api.createRelease('v9');
  const old = api.addAsset(release, 'A.pdf', Buffer.from('the old file'));
  const file = await ws.write('converted/a.pdf', 'the new file');

  const outcome = await publishResults(
    releaseSettings({ releaseTag: 'v9' }),
    [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])],
    environment(),
  );

  assert.deepEqual(outcome.failures, []);
  assert.deepEqual(
    release.assets.map((a) => [a.name, a.content.toString()]),
    [['a.pdf', 'the new file']],
  );
  const [asset] = release.assets;
  assert.notEqual(asset?.id, old.id);
  const order = api.requests
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path.replace(/\d+$/, ':id')}`);
  assert.deepEqual(order, [
    `POST /uploads/repos/octo/docs/releases/${release.id}/assets`,
    'DELETE /repos/octo/docs/releases/assets/:id',
    'PATCH /repos/octo/docs/releases/assets/:id',
  ]);
  assert.equal(outcome.fileLinks.get(file)?.release, `${api.url}/download/v9/a.pdf`);
  assert.equal((await download(`${api.url}/download/v9/a.pdf`)).toString(), 'the new file');
});

test('the stand-in refuses to rename an asset to a name another asset of the release has', async () => {
  const release = api.createRelease('v10');
  api.addAsset(release, 'taken.pdf', Buffer.from('1'));
  const other = api.addAsset(release, 'other.pdf', Buffer.from('2'));

  const response = await fetch(`${api.url}/repos/octo/docs/releases/assets/${other.id}`, {
    method: 'PATCH',
    headers: { authorization: 'Bearer rw-token', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Taken.pdf' }),
  });

  assert.equal(response.status, 422);
  assert.equal(other.name, 'other.pdf');
});

test('a file gone from disk before its upload is a failure of that file; the others are uploaded', async () => {
  const release = api.createRelease('v11');
  const gone = await ws.write('converted/a.pdf', 'A');
  const kept = await ws.write('converted/b.pdf', 'B');
  api.onRequest = (request) => {
    if (request.method === 'GET' && request.path.endsWith('/assets')) rmSync(gone);
  };

  const outcome = await publishResults(
    releaseSettings({ releaseTag: 'v11' }),
    [result(ws, 'docs/a.docx', 'pdf', 'converted', [gone, kept])],
    environment(),
  );

  assert.equal(outcome.failures.length, 1);
  assert.match(outcome.failures[0] ?? '', /^release: upload of converted\/a\.pdf as a\.pdf failed: ENOENT/);
  assert.deepEqual(
    release.assets.map((a) => [a.name, a.content.toString()]),
    [['b.pdf', 'B']],
  );
});

test('a file that cannot be read while it is streamed fails its upload instead of ending the process', async () => {
  const release = api.createRelease('v12');
  const file = await ws.write('converted/a.pdf', 'A');
  api.onRequest = (request) => {
    // Opening a directory works, reading it does not (EISDIR): the error comes from the stream, mid-upload.
    if (request.method === 'GET' && request.path.endsWith('/assets')) {
      rmSync(file);
      mkdirSync(file);
    }
  };

  const outcome = await publishResults(
    releaseSettings({ releaseTag: 'v12' }),
    [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])],
    environment(),
  );

  assert.equal(outcome.failures.length, 1);
  assert.match(outcome.failures[0] ?? '', /^release: upload of converted\/a\.pdf as a\.pdf failed: EISDIR/);
  assert.deepEqual(release.assets, []);
});

test('an asset upload the API never answers stops at the publishing deadline; the old asset stays', async () => {
  const release = api.createRelease('v1.0');
  api.addAsset(release, 'report.pdf', Buffer.from('the old report'));
  neverAnswer(api, { method: 'POST', path: /\/releases\/\d+\/assets$/ });
  const report = await ws.write('converted/report.pdf', randomBytes(50_000));
  const deadline = new AbortController();
  setTimeout(() => deadline.abort(new Error('publishing passed its deadline (1s)')), 200);

  const outcome = await publishResults(
    releaseSettings({ releaseTag: 'v1.0' }),
    [result(ws, 'docs/report.docx', 'pdf', 'converted', [report])],
    environment(),
    { deadline: deadline.signal },
  );

  assert.equal(outcome.failures.length, 1, outcome.failures.join('\n'));
  assert.match(
    outcome.failures[0] ?? '',
    /^release: upload of converted\/report\.pdf as report\.pdf failed: publishing passed its deadline \(1s\)$/,
  );
  assert.deepEqual(
    release.assets.map((a) => a.content.toString()),
    ['the old report'],
  );
});
