/** publishResults as a whole: the order of the steps, the links the comment shows, and steps that cannot run. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { publishResults } from '../../src/publish/publish-results.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import {
  captureAnnotations,
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
  ws = await makeWorkspace();
});

afterEach(async () => {
  await api.close();
});

test('commit and release links of every file reach the outcome and the pull-request comment', async () => {
  const seed = api.commitFiles('feature', { 'README.md': 'x' }, 'seed');
  const release = api.createRelease('docs-latest');
  const pdf = await ws.write('converted/guide.pdf', 'PDF');
  const settings = makeSettings(ws, {
    targets: ['artifact', 'commit', 'release'],
    githubToken: 'rw-token',
    releaseTag: 'docs-latest',
    prComment: 'auto',
  });
  const env = makeEnvironment({
    apiUrl: api.url,
    eventName: 'pull_request',
    sha: seed,
    pullRequest: { number: 4, headRef: 'feature', headRepoFullName: 'octo/docs', baseSha: '' },
  });

  const outcome = await publishResults(
    settings,
    [
      result(ws, 'docs/guide.docx', 'pdf', 'converted', [pdf]),
      result(ws, 'docs/bad.docx', 'pdf', 'failed', [], 'corrupt file'),
    ],
    env,
  );

  assert.deepEqual(outcome.failures, []);
  assert.deepEqual(outcome.notices, [
    'artifact: skipped, not running on a GitHub runner (no ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL)',
  ]);
  const links = outcome.fileLinks.get(pdf);
  assert.equal(links?.commit, `https://github.com/octo/docs/blob/${outcome.commitSha}/converted/guide.pdf`);
  assert.equal(links?.release, `${api.url}/download/docs-latest/guide.pdf`);
  assert.equal(release.assets.length, 1);
  const comment = api.comments.get(4)?.[0]?.body ?? '';
  assert.ok(comment.includes(`[commit](${links?.commit})`));
  assert.ok(comment.includes(`[release](${links?.release})`));
  assert.match(unescapeMarkdown(comment), /\| docs\/bad\.docx \| pdf \| ❌ failed \| corrupt file \|/);
  // Order: every git write of the commit comes before the first release upload, which comes before the comment.
  const order = api.requests.map((r) => `${r.method} ${r.path}`);
  const refUpdate = order.findIndex((r) => r.startsWith('PATCH ') && r.includes('/git/refs/'));
  const upload = order.findIndex((r) => r.startsWith('POST /uploads/'));
  const commentPost = order.indexOf('POST /repos/octo/docs/issues/4/comments');
  assert.ok(refUpdate >= 0 && refUpdate < upload && upload < commentPost, order.join('\n'));
});

test('with publish none and pr-comment never, nothing is called', async () => {
  const pdf = await ws.write('converted/a.pdf', 'A');

  const outcome = await publishResults(
    makeSettings(ws, { githubToken: 'rw-token' }),
    [result(ws, 'docs/a.docx', 'pdf', 'converted', [pdf])],
    makeEnvironment({ apiUrl: api.url }),
  );

  assert.deepEqual(outcome, { fileLinks: new Map(), failures: [], notices: [] });
  assert.equal(api.requests.length, 0);
});

test('without a token the steps that need one fail, the comment only warns (once)', async () => {
  const pdf = await ws.write('converted/a.pdf', 'A');
  const settings = makeSettings(ws, { targets: ['commit', 'release'], githubToken: '', prComment: 'always' });

  const { value: outcome, annotations } = await captureAnnotations(() =>
    publishResults(
      settings,
      [result(ws, 'docs/a.docx', 'pdf', 'converted', [pdf])],
      makeEnvironment({ apiUrl: api.url }),
    ),
  );

  assert.deepEqual(outcome.failures, [
    'commit: no github-token was given',
    'release: no github-token was given',
  ]);
  assert.deepEqual(annotations, [['warning', 'pr-comment: skipped, no github-token was given']]);
  assert.deepEqual(outcome.notices, []);
});

test('a converted output missing from disk is reported, and the others are still published', async () => {
  api.commitFiles('main', { 'README.md': 'x' }, 'seed');
  const kept = await ws.write('converted/kept.pdf', 'K');
  const settings = makeSettings(ws, { targets: ['commit'], githubToken: 'rw-token' });

  const outcome = await publishResults(
    settings,
    [result(ws, 'docs/k.docx', 'pdf', 'converted', [kept, ws.at('converted/gone.pdf')])],
    makeEnvironment({ apiUrl: api.url }),
  );

  assert.deepEqual(outcome.failures, ['publish: converted/gone.pdf is missing on disk']);
  assert.ok(outcome.commitSha);
  assert.deepEqual([...api.filesAt(outcome.commitSha).keys()].sort(), ['README.md', 'converted/kept.pdf']);
});
