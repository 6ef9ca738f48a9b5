import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as XLSX from 'xlsx';
import { decodePng } from '../../src/pdf/pages.ts';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { writeFiles } from './fixtures.ts';
import { documentText } from './page-documents.ts';
import {
  bundle,
  explain,
  FAKE_GITHUB_TOKEN,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
  warningsOf,
  writePullRequestEvent,
} from './run-action.ts';

const CLIENT_ID = 'e2e-client-id';
const CLIENT_SECRET = 'e2e-Client-Secret-previews-7d1e';
const PULL = 7;
const BRANCH = `document-previews/pr-${PULL}`;

describe('page previews of a pull request, end to end', { concurrency: false }, () => {
  let emulator: Emulator;
  let github: GitHubApiStandIn;
  let baseSha: string;
  let eventFile: string;

  before(async () => {
    assert.ok(existsSync(bundle), 'dist/index.js is missing: run npm run build');
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      conversion: { fixedMs: 10, perKbMs: 0, jitterMs: 10 },
      capacity: 8,
      seed: 3,
    });
    github = await startGitHubApi('octo', 'docs');
    github.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'write', pullRequests: 'write' });
    github.tokens.set('read-only-token', { contents: 'read', pullRequests: 'write' });
    baseSha = github.commitFiles(
      'main',
      {
        'docs/report.docx': documentText(5),
        'docs/old.docx': documentText(2),
        'README.md': 'hello',
      },
      'base',
    );
    github.openPulls.add(PULL);
    github.openPulls.add(8);
    // A preview branch left by a pull request that has been closed since.
    github.commitFiles('document-previews/pr-3', { '1/after-1.png': 'x' }, 'old previews');
    github.pullFiles.set(PULL, [
      { filename: 'docs/report.docx', status: 'modified' },
      { filename: 'docs/new.docx', status: 'added' },
      { filename: 'docs/old.docx', status: 'removed' },
      { filename: 'README.md', status: 'modified' },
    ]);
    eventFile = await writePullRequestEvent(path.join(os.tmpdir(), `previews-event-${process.pid}.json`), {
      number: PULL,
      baseSha,
    });
  });
  after(async () => {
    await emulator.close();
    await github.close();
    await removeTempWorkspaces();
  });

  async function runOnPullRequest(files: Record<string, string>, inputs: Record<string, string> = {}) {
    const workspace = await tempWorkspace();
    await writeFiles(workspace, files);
    return runAction({
      workspace,
      inputs: {
        'client-id': CLIENT_ID,
        'client-secret': CLIENT_SECRET,
        'api-base-url': emulator.url,
        path: 'docs',
        format: 'pdf',
        publish: 'none',
        'preview-width': '320',
        ...inputs,
      },
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: eventFile,
        GITHUB_API_URL: github.url,
        GITHUB_SERVER_URL: github.url,
        GITHUB_REF: `refs/pull/${PULL}/merge`,
      },
    });
  }

  /** Every image in the comment, fetched the way a browser would, and the same file on the preview branch. */
  async function imagesOf(
    body: string,
  ): Promise<{ url: string; bytes: Buffer; stored: Buffer | undefined }[]> {
    const head = github.branches.get(BRANCH);
    assert.ok(head, 'the preview branch exists');
    const stored = github.filesAt(head);
    const urls = [...body.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1] as string);
    return Promise.all(
      urls.map(async (url) => {
        const response = await fetch(url);
        assert.equal(response.status, 200, url);
        const repoPath = decodeURIComponent(new URL(url).pathname.split('/').slice(5).join('/'));
        assert.ok(new URL(url).pathname.includes(`/blob/${head}/`), `${url} links the branch's commit`);
        return { url, bytes: Buffer.from(await response.arrayBuffer()), stored: stored.get(repoPath) };
      }),
    );
  }

  it('comments the page changes with before, after and difference images stored on a preview branch', async () => {
    const run = await runOnPullRequest({
      'docs/report.docx': documentText(5, {
        3: (line) => (line === 10 ? 'THIS CLAUSE WAS REWRITTEN' : undefined),
      }),
      'docs/new.docx': documentText(2),
    });
    assert.equal(run.exitCode, 0, explain(run));
    const comments = github.comments.get(PULL) ?? [];
    assert.equal(comments.length, 1, explain(run));
    const body = comments[0]?.body ?? '';
    assert.match(body, /\*\*docs\\\/report\\\.docx\*\* — page 3 changed \(5 pages\)/);
    assert.match(body, /\*\*docs\\\/new\\\.docx\*\* — new document, 2 pages/);
    assert.match(body, /\*\*docs\\\/old\\\.docx\*\* — deleted in this pull request/);
    assert.ok(!body.includes('README'), 'a file the action does not convert gets no preview');
    // What changed in words comes first, and every image says it too.
    const words =
      '- **Page 3** · 4 words changed, 6 removed: … 9\\: terms and conditions ~~Page 3 clause 10\\: terms and conditions terms and conditions~~ **THIS CLAUSE WAS REWRITTEN** Page 3 clause 11\\: …';
    assert.ok(body.includes(`\n${words}\n`), body);
    assert.ok(body.indexOf(words) < body.indexOf('<img'), 'the text diff comes before the images');
    assert.match(
      body,
      /\| 3 \| <a href=[^|]+alt="page 3: 4 words changed, 6 removed \(before\)"><\/a> \| <a [^|]+alt="page 3: 4 words changed, 6 removed \(after\)"><\/a> \| <a [^|]+alt="page 3: 4 words changed, 6 removed \(difference\)"><\/a> \|/,
    );
    assert.match(body, /alt="page 2: added, 25 lines \(after\)"/);

    const images = await imagesOf(body);
    assert.equal(
      images.length,
      3 + 2,
      'before, after and difference of page 3, and the two pages of the new document',
    );
    for (const image of images) {
      assert.ok(image.stored, `${image.url} is a file of the preview commit`);
      assert.ok(image.bytes.equals(image.stored), `${image.url} serves the stored bytes`);
      assert.equal(decodePng(image.bytes).width, 320);
    }
    const commit = github.commits.get(github.branches.get(BRANCH) as string);
    assert.deepEqual(commit?.parents, [], 'the previews commit has no history to grow');
    assert.ok(!github.branches.has('document-previews/pr-3'), "a closed pull request's previews are deleted");
    assert.match(run.summary, /docs\\\/report\\\.docx\*\* — page 3 changed/);
  });

  it('a second run edits the same comment and replaces the images', async () => {
    const firstHead = github.branches.get(BRANCH);
    const run = await runOnPullRequest({
      'docs/report.docx': documentText(5, {
        1: (line) => (line === 0 ? 'A NEW TITLE' : undefined),
        3: (line) => (line === 10 ? 'THIS CLAUSE WAS REWRITTEN' : undefined),
      }),
      'docs/new.docx': documentText(2),
    });
    assert.equal(run.exitCode, 0, explain(run));
    const comments = github.comments.get(PULL) ?? [];
    assert.equal(comments.length, 1, 'the comment is edited, not added');
    const body = comments[0]?.body ?? '';
    assert.match(body, /\*\*docs\\\/report\\\.docx\*\* — pages 1 and 3 changed/);
    const head = github.branches.get(BRANCH);
    assert.notEqual(head, firstHead);
    assert.deepEqual(github.history(BRANCH).length, 1, 'the branch holds one commit');
    for (const image of await imagesOf(body)) assert.ok(image.stored && image.bytes.equals(image.stored));
  });

  it('never deletes the preview branch of an open pull request, however many pull requests are open', async () => {
    // 250 open pull requests: three pages of the list; the one on the last page has previews too.
    for (let number = 100; number < 348; number++) github.openPulls.add(number);
    const lastPage = 347;
    github.commitFiles(`document-previews/pr-${lastPage}`, { '1/after-1.png': 'open' }, 'open previews');
    github.commitFiles('document-previews/pr-4', { '1/after-1.png': 'closed' }, 'closed previews');
    try {
      const run = await runOnPullRequest({
        'docs/report.docx': documentText(5, { 2: (line) => (line === 4 ? 'ANOTHER EDIT' : undefined) }),
        'docs/new.docx': documentText(2),
      });
      assert.equal(run.exitCode, 0, explain(run));
      assert.ok(github.branches.has(BRANCH), explain(run));
      assert.ok(
        github.branches.has(`document-previews/pr-${lastPage}`),
        'an open pull request lost its previews',
      );
      assert.ok(!github.branches.has('document-previews/pr-4'), "a closed pull request's previews are kept");
      const listed = github.requestsMatching('GET', /\/repos\/octo\/docs\/pulls$/).length;
      assert.ok(listed >= 3, `the open pull requests were read in ${listed} page(s)`);
    } finally {
      for (let number = 100; number < 348; number++) github.openPulls.delete(number);
    }
  });

  it('with previews: true and no contents: write, the comment still lists the page changes, with a warning', async () => {
    const run = await runOnPullRequest(
      {
        'docs/report.docx': documentText(6),
        'docs/new.docx': documentText(2),
      },
      { 'github-token': 'read-only-token', previews: 'true' },
    );
    assert.equal(run.exitCode, 0, explain(run));
    assert.match(
      run.stdout,
      /::warning::previews: the page images could not be stored: the token cannot write contents/,
    );
    // The read-only token acts as the same bot, so the comment is still edited in place.
    const body = github.comments.get(PULL)?.[0]?.body ?? '';
    assert.match(body, /\*\*docs\\\/report\\\.docx\*\* — page 6 added \(5 pages → 6 pages\)/);
    assert.ok(!body.includes('<img'), 'no image links when none could be stored');
    assert.match(body, /⚠️ the page images could not be stored/);
  });

  it('with previews: auto (the default) and no contents: write, says so without a warning', async () => {
    const run = await runOnPullRequest(
      { 'docs/report.docx': documentText(6), 'docs/new.docx': documentText(2) },
      { 'github-token': 'read-only-token' },
    );
    assert.equal(run.exitCode, 0, explain(run));
    assert.deepEqual(warningsOf(run), []);
    assert.match(run.stdout, /^previews: no page images: the token cannot write contents/m);
    const body = github.comments.get(PULL)?.[0]?.body ?? '';
    assert.match(body, /\*\*docs\\\/report\\\.docx\*\* — page 6 added \(5 pages → 6 pages\)/);
    assert.ok(!body.includes('<img'));
    assert.match(body, /ℹ️ no page images\\: the token cannot write contents/);
    assert.ok(!body.includes('⚠️'), 'no warning sign in the comment');
  });

  it('when no page differs any more, says so and deletes the preview branch', async () => {
    assert.ok(github.branches.has(BRANCH));
    github.pullFiles.set(PULL, [{ filename: 'docs/report.docx', status: 'modified' }]);
    const run = await runOnPullRequest({ 'docs/report.docx': documentText(5) });
    assert.equal(run.exitCode, 0, explain(run));
    const body = github.comments.get(PULL)?.[0]?.body ?? '';
    assert.match(body, /\*\*docs\\\/report\\\.docx\*\* — no page changed \(5 pages\)/);
    assert.ok(!github.branches.has(BRANCH), 'no images are kept for a pull request that shows none');
  });

  it("a workbook's changed cells are a table in the comment, and every change is in document-changes.md", async () => {
    const book = (total: string, extra: boolean) => {
      const workbook = XLSX.utils.book_new();
      const budget = XLSX.utils.aoa_to_sheet([
        ['Item', 'Cost'],
        ['Paper', extra ? 12 : 10],
        ['Total', { t: 'n', f: total, v: 0 }],
      ]);
      XLSX.utils.book_append_sheet(workbook, budget, 'Budget');
      XLSX.utils.book_append_sheet(
        workbook,
        XLSX.utils.aoa_to_sheet([[extra ? 'new' : 'old']]),
        extra ? 'Q3' : 'Q2',
      );
      return XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    };
    const baseSha = github.commitFiles('main', { 'docs/budget.xlsx': book('SUM(B2:B2)', false) }, 'budget');
    github.pullFiles.set(PULL, [{ filename: 'docs/budget.xlsx', status: 'modified' }]);
    const event = await writePullRequestEvent(path.join(os.tmpdir(), `previews-cells-${process.pid}.json`), {
      number: PULL,
      baseSha,
    });
    const workspace = await tempWorkspace();
    await writeFiles(workspace, { 'docs/budget.xlsx': book('SUM(B2:B2)*2', true) });
    const run = await runAction({
      workspace,
      inputs: {
        'client-id': CLIENT_ID,
        'client-secret': CLIENT_SECRET,
        'api-base-url': emulator.url,
        path: 'docs',
        format: 'pdf',
        publish: 'none',
        'preview-width': '320',
      },
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_API_URL: github.url,
        GITHUB_SERVER_URL: github.url,
        GITHUB_REF: `refs/pull/${PULL}/merge`,
      },
    });
    assert.equal(run.exitCode, 0, explain(run));
    const body = github.comments.get(PULL)?.[0]?.body ?? '';
    const table = [
      '| Cell | Before | After |',
      '| --- | --- | --- |',
      '| Q2 (sheet) | sheet removed, 1 cell | — |',
      '| Q3 (sheet) | — | sheet added, 1 cell |',
      '| Budget\\!B2 | 10 | 12 |',
      '| Budget\\!B3 | \\=SUM\\(B2\\:B2\\) → 0 | \\=SUM\\(B2\\:B2\\)\\*2 → 0 |',
    ].join('\n');
    assert.ok(body.includes(`\n\n${table}\n`), body);
    const file = await readFile(path.join(workspace, 'converted', 'document-changes.md'), 'utf8');
    assert.ok(file.includes(`## docs\\/budget\\.xlsx`) && file.includes(table), file);
  });
});
