/** changed-only: the plan filter against the GitHub REST stand-in (real Octokit), and nock for what it cannot do. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import nock from 'nock';
import { createGitHubClient } from '../../src/github/client.ts';
import {
  type ChangedOnlyContext,
  keepChangedDocuments,
  type PullRequestFilePages,
  pullRequestFilePages,
  selectChangedDocuments,
} from '../../src/plan/changed-only.ts';
import type { ConversionJob, Plan, SourceDocument } from '../../src/plan/types.ts';
import { readRunnerEnvironment } from '../../src/settings/runner.ts';
import { makeEnvironment } from '../publish/helpers.ts';
import { type GitHubApiStandIn, type PullRequestFileEntry, startGitHubApi } from '../stand-ins/github-api.ts';

const TOKEN = 'pr-read-token';
const PR = 7;

/** A plan of `names` (workspace paths), each to pdf and html. */
function planOf(names: readonly string[], workspace: string): Plan {
  const documents: SourceDocument[] = names.map((name) => ({
    absolutePath: path.join(workspace, name),
    workspacePath: name,
    outputSubdir: path.posix.dirname(name),
    stem: path.posix.basename(name).replace(/\.[^.]+$/, ''),
    extension: 'docx',
    sizeBytes: 10,
  }));
  const jobs: ConversionJob[] = documents.flatMap((source, documentIndex) =>
    ['pdf', 'html'].map((format) => ({
      id: `${documentIndex}-${format}`,
      documentIndex,
      source,
      format,
      outputDirectory: path.join(workspace, 'converted'),
      expectedOutput: `converted/${source.stem}.${format}`,
    })),
  );
  return { documents, jobs };
}

const sourcesOf = (jobs: readonly ConversionJob[]) =>
  [...new Set(jobs.map((j) => j.source.workspacePath))].sort();

let api: GitHubApiStandIn;
let workspace: string;

beforeEach(async () => {
  api = await startGitHubApi('octo', 'docs');
  api.tokens.set(TOKEN, { contents: 'read', pullRequests: 'read' });
  workspace = await mkdtemp(path.join(os.tmpdir(), 'changed-only-'));
});

afterEach(async () => {
  await api.close();
  await rm(workspace, { recursive: true, force: true });
  nock.cleanAll();
});

function standInPages(): PullRequestFilePages {
  const octokit = createGitHubClient(TOKEN, makeEnvironment({ apiUrl: api.url }));
  assert.ok(octokit);
  return pullRequestFilePages(octokit, { owner: 'octo', repo: 'docs' }, PR);
}

function context(overrides: Partial<ChangedOnlyContext> = {}): ChangedOnlyContext {
  return {
    mode: 'auto',
    eventName: 'pull_request',
    pullRequestNumber: PR,
    pages: standInPages(),
    workspace,
    ...overrides,
  };
}

const twenty = Array.from({ length: 20 }, (_, i) => `docs/doc ${String(i).padStart(2, '0')}.docx`);

describe('keepChangedDocuments', () => {
  it('keeps what the pull request adds, modifies, renames to or copies; the rest is unchanged', async () => {
    const files: PullRequestFileEntry[] = [
      { filename: 'docs/doc 03.docx', status: 'modified' },
      { filename: 'docs/doc 04.docx', status: 'renamed', previous_filename: 'docs/old name.docx' },
      { filename: 'docs/doc 05.docx', status: 'added' },
      { filename: 'docs/doc 06.docx', status: 'copied' },
      { filename: 'docs/doc 07.docx', status: 'removed' },
      { filename: 'docs/doc 08.docx', status: 'unchanged' },
      { filename: 'docs/doc 09.docx', status: 'renamed', previous_filename: 'docs/doc 10.docx' },
      { filename: 'README.md', status: 'modified' },
    ];
    api.pullFiles.set(PR, files);
    const plan = planOf(twenty, workspace);
    const outcome = await keepChangedDocuments(plan, context(), AbortSignal.timeout(10_000));
    const kept = [
      'docs/doc 03.docx',
      'docs/doc 04.docx',
      'docs/doc 05.docx',
      'docs/doc 06.docx',
      'docs/doc 09.docx',
    ];
    assert.deepEqual(sourcesOf(outcome.plan.jobs), kept);
    assert.equal(outcome.plan.jobs.length, kept.length * 2, 'every format of a changed document');
    assert.equal(outcome.unchanged.length, (20 - kept.length) * 2);
    assert.ok(!sourcesOf(outcome.unchanged).some((s) => kept.includes(s)));
    assert.match(outcome.notice ?? '', /pull request #7 changes 5 of 20 document\(s\); 15 unchanged/);
  });

  it('reads every page, and no more', async () => {
    const filler = Array.from({ length: 250 }, (_, i) => ({
      filename: `other/${i}.txt`,
      status: 'added' as const,
    }));
    api.pullFiles.set(PR, [...filler, { filename: 'docs/doc 19.docx', status: 'modified' }]);
    const outcome = await keepChangedDocuments(
      planOf(twenty, workspace),
      context(),
      AbortSignal.timeout(10_000),
    );
    assert.deepEqual(sourcesOf(outcome.plan.jobs), ['docs/doc 19.docx']);
    assert.equal(api.requestsMatching('GET', /\/pulls\/7\/files$/).length, 3);
  });

  it('converts everything when GitHub may have cut the list short (3000 files)', async () => {
    const filler = Array.from({ length: 3100 }, (_, i) => ({
      filename: `other/${i}.txt`,
      status: 'added' as const,
    }));
    api.pullFiles.set(PR, [{ filename: 'docs/doc 01.docx', status: 'modified' }, ...filler]);
    const plan = planOf(twenty, workspace);
    const outcome = await keepChangedDocuments(plan, context(), AbortSignal.timeout(10_000));
    assert.equal(outcome.plan.jobs.length, plan.jobs.length);
    assert.equal(outcome.unchanged.length, 0);
    assert.match(
      outcome.notice ?? '',
      /converting every document, because pull request #7 changes 3000 files or more/,
    );
    assert.equal(api.requestsMatching('GET', /\/pulls\/7\/files$/).length, 30, 'the page loop is bounded');
  });

  it('converts everything, with the reason, when the list cannot be read', async () => {
    api.pullFilesFailure = { status: 403, message: 'Resource not accessible by integration' };
    const plan = planOf(twenty, workspace);
    const outcome = await keepChangedDocuments(plan, context(), AbortSignal.timeout(10_000));
    assert.equal(outcome.plan.jobs.length, plan.jobs.length);
    assert.match(
      outcome.notice ?? '',
      /files of pull request #7 could not be read \(Resource not accessible/,
    );
  });

  it('matches paths from the checkout’s root when the repository is checked out below the workspace', async () => {
    await mkdir(path.join(workspace, 'repo', '.git'), { recursive: true });
    await mkdir(path.join(workspace, 'repo', 'docs'), { recursive: true });
    await writeFile(path.join(workspace, 'repo', 'docs', 'a.docx'), 'a');
    api.pullFiles.set(PR, [{ filename: 'docs/a.docx', status: 'modified' }]);
    const plan = planOf(['repo/docs/a.docx', 'repo/docs/b.docx'], workspace);
    const outcome = await keepChangedDocuments(plan, context(), AbortSignal.timeout(10_000));
    assert.deepEqual(sourcesOf(outcome.plan.jobs), ['repo/docs/a.docx']);
  });

  it('does nothing outside pull requests in auto mode, and nothing at all when off', async () => {
    api.pullFiles.set(PR, [{ filename: 'docs/doc 01.docx', status: 'modified' }]);
    const plan = planOf(twenty, workspace);
    for (const ctx of [context({ eventName: 'push' }), context({ mode: 'never' })]) {
      const outcome = await keepChangedDocuments(plan, ctx, AbortSignal.timeout(10_000));
      assert.equal(outcome.plan, plan);
      assert.equal(outcome.notice, undefined);
    }
    assert.equal(api.requests.length, 0);
  });

  it('says why it converts everything when asked to but there is no pull request or no token', async () => {
    const plan = planOf(twenty, workspace);
    const noPr = await keepChangedDocuments(
      plan,
      context({ mode: 'always', eventName: 'push', pullRequestNumber: undefined }),
      AbortSignal.timeout(10_000),
    );
    assert.equal(noPr.plan, plan);
    assert.match(noPr.notice ?? '', /belongs to no pull request \(event push\)/);
    const noToken = await keepChangedDocuments(
      plan,
      context({ pages: undefined }),
      AbortSignal.timeout(10_000),
    );
    assert.match(noToken.notice ?? '', /no github-token/);
  });

  it('gives up on a list that does not arrive in time, converting everything', async () => {
    const silent = http.createServer(() => {}); // accepts the request, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const octokit = createGitHubClient(TOKEN, makeEnvironment({ apiUrl: base }));
      assert.ok(octokit);
      const plan = planOf(twenty, workspace);
      const outcome = await keepChangedDocuments(
        plan,
        context({ pages: pullRequestFilePages(octokit, { owner: 'octo', repo: 'docs' }, PR) }),
        AbortSignal.timeout(100),
      );
      assert.equal(outcome.plan.jobs.length, plan.jobs.length);
      assert.match(outcome.notice ?? '', /could not be read \(no complete answer in time\)/);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('sends the token and asks 100 files a page (nock)', async () => {
    const base = 'http://127.0.0.1:59999';
    const scope = nock(base, { reqheaders: { authorization: `token ${TOKEN}` } })
      .get('/repos/octo/docs/pulls/7/files')
      .query({ per_page: '100', page: '1' })
      .reply(200, [{ filename: 'docs/doc 02.docx', status: 'added' }]);
    const octokit = createGitHubClient(TOKEN, makeEnvironment({ apiUrl: base }));
    assert.ok(octokit);
    const outcome = await keepChangedDocuments(
      planOf(twenty, workspace),
      context({ pages: pullRequestFilePages(octokit, { owner: 'octo', repo: 'docs' }, PR) }),
      AbortSignal.timeout(10_000),
    );
    assert.deepEqual(sourcesOf(outcome.plan.jobs), ['docs/doc 02.docx']);
    assert.ok(scope.isDone());
  });
});

describe('selectChangedDocuments', () => {
  it('reads the pull request from the event payload and the API base from the runner', async () => {
    api.pullFiles.set(PR, [{ filename: 'docs/doc 11.docx', status: 'modified' }]);
    const event = path.join(workspace, 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { number: PR, head: { ref: 'topic' } } }));
    const outcome = await selectChangedDocuments(
      { workspace, changedOnly: { mode: 'auto' }, publish: { githubToken: TOKEN } as never },
      planOf(twenty, workspace),
      readRunnerEnvironment({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_REPOSITORY: 'octo/docs',
        GITHUB_API_URL: api.url,
      }),
    );
    assert.deepEqual(sourcesOf(outcome.plan.jobs), ['docs/doc 11.docx']);
  });
});
