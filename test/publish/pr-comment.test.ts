/** The pull-request comment: rendering (pure) and posting / editing it against the GitHub API stand-in. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { JobResult } from '../../src/convert/results.ts';
import type { PublishOutcome } from '../../src/publish/outcome.ts';
import { renderCommentBody } from '../../src/publish/pr-comment.ts';
import { publishResults } from '../../src/publish/publish-results.ts';
import type { RunnerEnvironment } from '../../src/settings/runner.ts';
import { type GitHubApiStandIn, SOMEONE, startGitHubApi } from '../stand-ins/github-api.ts';
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
  api.tokens.set('no-comment-token', { contents: 'write', pullRequests: 'read' });
  ws = await makeWorkspace();
});

afterEach(async () => {
  await api.close();
});

function prEnvironment(overrides: Partial<RunnerEnvironment> = {}): RunnerEnvironment {
  return makeEnvironment({
    apiUrl: api.url,
    eventName: 'pull_request',
    ref: 'refs/pull/5/merge',
    pullRequest: { number: 5, headRef: 'feature', headRepoFullName: 'octo/docs', baseSha: '' },
    ...overrides,
  });
}

function outcomeWith(values: Partial<PublishOutcome> = {}): PublishOutcome {
  return { fileLinks: new Map(), failures: [], notices: [], ...values };
}

/** Splits a GFM table row into its cells the way GitHub does: on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

function tableRows(body: string): string[] {
  return body.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
}

test('renders one row per document with its status, links and failures, keeping odd file names in their cell', async () => {
  const pdf = ws.at('converted/a|b*c.pdf');
  const page = ws.at('converted/[draft] _notes_.html');
  const results: JobResult[] = [
    result(ws, 'docs/a|b*c.docx', 'pdf', 'converted', [pdf]),
    result(ws, 'docs/[draft] _notes_.md', 'html', 'converted', [page]),
    result(ws, 'docs/broken.docx', 'pdf', 'failed', [], 'Password required | wrong *password*\nsecond line'),
    result(ws, 'docs/slow.pptx', 'pdf', 'timed-out', [], 'still converting at the deadline'),
  ];
  const outcome = outcomeWith({
    artifactId: 9,
    artifactUrl: 'https://github.com/octo/docs/actions/runs/42/artifacts/9',
    commitSha: 'abcdef1234567890',
    commitUrl: 'https://github.com/octo/docs/commit/abcdef1234567890',
    fileLinks: new Map([
      [
        pdf,
        {
          artifact: 'https://github.com/octo/docs/actions/runs/42/artifacts/10',
          commit: 'https://github.com/octo/docs/blob/abcdef1234567890/converted/a%7Cb%2Ac.pdf',
        },
      ],
    ]),
    failures: ['release: no published release has the tag v9'],
  });
  const settings = makeSettings(ws, { artifactName: 'docs-out' });

  const body = renderCommentBody(results, outcome, makeEnvironment(), settings);

  assert.ok(body.startsWith('<!-- convert-documents-action:Docs/docs-out -->\n'));
  const rows = tableRows(body);
  assert.equal(rows.length, 1 + results.length, 'a header and one row per result');
  for (const row of rows) assert.equal(cells(row).length, 4, row);
  const [, first, second, failed, timedOut] = rows.map(cells);
  assert.equal(unescapeMarkdown(first?.[0] ?? ''), 'docs/a|b*c.docx');
  assert.equal(
    first?.[3],
    'converted\\/a\\|b\\*c\\.pdf — [artifact](https://github.com/octo/docs/actions/runs/42/artifacts/10) · [commit](https://github.com/octo/docs/blob/abcdef1234567890/converted/a%7Cb%2Ac.pdf)',
  );
  assert.equal(unescapeMarkdown(second?.[0] ?? ''), 'docs/[draft] _notes_.md');
  assert.equal(
    second?.[3],
    'converted\\/\\[draft\\] \\_notes\\_\\.html — [in the artifact](https://github.com/octo/docs/actions/runs/42/artifacts/9)',
    'a file without links of its own points at the zipped artifact',
  );
  assert.equal(failed?.[2], '❌ failed');
  assert.equal(unescapeMarkdown(failed?.[3] ?? ''), 'Password required | wrong *password*%0Asecond line');
  assert.equal(timedOut?.[2], '⏱️ timed out');
  const text = unescapeMarkdown(body);
  assert.match(
    text,
    /\*\*2 converted\*\*, 1 failed, 1 timed out · \[workflow run\]\(https:\/\/github\.com\/octo\/docs\/actions\/runs\/42\)/,
  );
  assert.match(
    body,
    /Published: artifact \[docs\\-out\]\(https:\/\/github\.com\/octo\/docs\/actions\/runs\/42\/artifacts\/9\) · commit \[abcdef1\]/,
  );
  assert.match(text, /\*\*Publishing failed:\*\*\n\n- release: no published release has the tag v9\n/);
});

test('a very long result list is cut to fit in a GitHub comment, saying how many were left out', async () => {
  const results = Array.from({ length: 3000 }, (_, i) =>
    result(
      ws,
      `docs/a-rather-long-directory-name/document-number-${i}.docx`,
      'pdf',
      'failed',
      [],
      'x'.repeat(200),
    ),
  );

  const body = renderCommentBody(results, outcomeWith(), makeEnvironment(), makeSettings(ws));

  assert.ok(body.length <= 65_536, `${body.length} characters`);
  const shown = tableRows(body).length - 1;
  assert.ok(shown > 10 && shown < 3000);
  assert.match(
    unescapeMarkdown(body),
    new RegExp(
      `Showing ${shown} of 3000 rows \\(failures first, ${3000 - shown} left out .*\\)\\. Every result is in the report converted/conversion-report\\.json in the \\[workflow run\\]`,
    ),
  );
});

test('posts one comment on the pull request and edits it in place on the next run', async () => {
  for (let i = 0; i < 150; i++) api.addComment(5, `chatter ${i}`);
  const file = await ws.write('converted/a.pdf', 'A');
  const settings = makeSettings(ws, { githubToken: 'rw-token', prComment: 'auto' });

  const first = await publishResults(
    settings,
    [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])],
    prEnvironment(),
  );
  const second = await publishResults(
    settings,
    [
      result(ws, 'docs/a.docx', 'pdf', 'converted', [file]),
      result(ws, 'docs/b.docx', 'pdf', 'failed', [], 'unsupported file'),
    ],
    prEnvironment({ runId: 43 }),
  );

  assert.deepEqual(first.failures, []);
  assert.deepEqual(second.failures, []);
  const ours = (api.comments.get(5) ?? []).filter((c) => c.body.includes('<!-- convert-documents-action:'));
  assert.equal(ours.length, 1, 'still one comment');
  assert.equal(api.comments.get(5)?.length, 151);
  assert.equal(second.commentUrl, first.commentUrl);
  assert.equal(first.commentUrl, `https://github.com/octo/docs/pull/5#issuecomment-${ours[0]?.id}`);
  assert.match(unescapeMarkdown(ours[0]?.body ?? ''), /1 converted\*\*, 1 failed.*actions\/runs\/43/);
  assert.equal(api.requestsMatching('PATCH', /\/issues\/comments\/\d+$/).length, 1);
  assert.equal(api.requestsMatching('POST', /\/issues\/5\/comments$/).length, 1);
  assert.ok(
    api.requestsMatching('GET', /\/issues\/5\/comments$/).length >= 4,
    'both runs read past the first page',
  );
});

test('a comment of another workflow is left alone', async () => {
  const other = api.addComment(
    5,
    '<!-- convert-documents-action:Other workflow/converted-documents -->\nold',
  );
  const settings = makeSettings(ws, { githubToken: 'rw-token', prComment: 'auto' });

  await publishResults(settings, [], prEnvironment());

  assert.equal(other.body, '<!-- convert-documents-action:Other workflow/converted-documents -->\nold');
  assert.equal(api.comments.get(5)?.length, 2);
});

test('a comment of a person that holds the marker is left alone; the action posts and then edits its own', async () => {
  const settings = makeSettings(ws, { githubToken: 'rw-token', prComment: 'auto' });
  const marker = '<!-- convert-documents-action:Docs/converted-documents -->';
  const quoted = `${marker}\nI copied the bot's comment here to discuss it`;
  const mentioned = `Why does the bot write ${marker}?`;
  const human = api.addComment(5, quoted, SOMEONE);
  const other = api.addComment(5, mentioned, SOMEONE);

  const first = await publishResults(settings, [], prEnvironment());
  const second = await publishResults(settings, [], prEnvironment({ runId: 43 }));

  assert.deepEqual(first.failures, []);
  assert.deepEqual(second.failures, []);
  assert.equal(human.body, quoted);
  assert.equal(other.body, mentioned);
  const comments = api.comments.get(5) ?? [];
  assert.equal(comments.length, 3);
  const ours = comments[2];
  assert.deepEqual(ours?.user, { login: 'github-actions[bot]', type: 'Bot' });
  assert.ok(ours?.body.startsWith(marker));
  assert.match(ours?.body ?? '', /actions\/runs\/43/, 'edited by the second run');
  assert.equal(second.commentUrl, first.commentUrl);
  assert.equal(api.requestsMatching('POST', /\/issues\/5\/comments$/).length, 1);
  assert.deepEqual(
    api.requestsMatching('PATCH', /\/issues\/comments\/\d+$/).map((r) => r.path),
    [`/repos/octo/docs/issues/comments/${ours?.id}`],
  );
});

test('the stand-in refuses to edit a comment the token did not write, as GitHub does', async () => {
  const human = api.addComment(5, 'mine', SOMEONE);

  const response = await fetch(`${api.url}/repos/octo/docs/issues/comments/${human.id}`, {
    method: 'PATCH',
    headers: { authorization: 'Bearer rw-token', 'content-type': 'application/json' },
    body: JSON.stringify({ body: 'hijacked' }),
  });

  assert.equal(response.status, 403);
  assert.equal(human.body, 'mine');
});

test('without permission to comment, one warning annotation, not a failure', async () => {
  const file = await ws.write('converted/a.pdf', 'A');
  const settings = makeSettings(ws, { githubToken: 'no-comment-token', prComment: 'auto' });

  const { value: outcome, annotations } = await captureAnnotations(() =>
    publishResults(settings, [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])], prEnvironment()),
  );

  const message =
    'pr-comment: the token cannot comment on pull request #5 (needs permissions: pull-requests: write; pull requests from forks get a read-only token)';
  assert.deepEqual(outcome.failures, []);
  assert.equal(outcome.commentUrl, undefined);
  assert.deepEqual(annotations, [['warning', message]]);
  assert.deepEqual(outcome.notices, [], 'not also a notice, which would be a second annotation');
  assert.equal(api.comments.get(5), undefined);
});

test('auto posts nothing outside pull-request events', async () => {
  const settings = makeSettings(ws, { githubToken: 'rw-token', prComment: 'auto' });

  const outcome = await publishResults(settings, [], makeEnvironment({ apiUrl: api.url, eventName: 'push' }));

  assert.equal(outcome.commentUrl, undefined);
  assert.deepEqual(outcome.notices, []);
  assert.equal(api.requests.length, 0);
});

test('always comments on the open pull request that holds the pushed commit', async () => {
  const sha = 'c'.repeat(40);
  api.pullsForCommit.set(sha, [12]);
  const settings = makeSettings(ws, { githubToken: 'rw-token', prComment: 'always' });

  const outcome = await publishResults(
    settings,
    [],
    makeEnvironment({ apiUrl: api.url, eventName: 'push', sha }),
  );

  assert.deepEqual(outcome.failures, []);
  assert.equal(api.comments.get(12)?.length, 1);
  assert.ok(outcome.commentUrl?.endsWith(`#issuecomment-${api.comments.get(12)?.[0]?.id}`));
});

test('never posts nothing, even on a pull request', async () => {
  const settings = makeSettings(ws, { githubToken: 'rw-token', prComment: 'never' });

  await publishResults(settings, [], prEnvironment());

  assert.equal(api.requests.length, 0);
});
