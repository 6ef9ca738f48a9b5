import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createGitHubClient } from '../../src/github/client.ts';
import type { GitRepository } from '../../src/github/git-data.ts';
import { downloadBaseVersion } from '../../src/previews/base-version.ts';
import {
  type BasePdfConverter,
  type DocumentPreview,
  makePreviews,
  type PreviewReport,
} from '../../src/previews/build-previews.ts';
import { pruneClosedPreviewBranches } from '../../src/previews/hosting.ts';
import { renderPreviewSection } from '../../src/previews/markdown.ts';
import { renderCommentBody } from '../../src/publish/pr-comment.ts';
import type { Settings } from '../../src/settings/types.ts';
import { pdfDocument, textPages } from '../emulator/outputs.ts';
import { makeEnvironment, makeSettings, makeWorkspace, result, type Workspace } from '../publish/helpers.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';

const TOKEN = 'rw-token';

function pages(count: number, marker = ''): string {
  return Array.from({ length: count }, (_, p) =>
    Array.from(
      { length: 20 },
      (_, l) => `page ${p + 1} line ${l} ${'word '.repeat((p + l) % 6)}${marker}`,
    ).join('\n'),
  ).join('\f');
}

/** Converts like the emulator: a PDF with one page per form feed of the source's text. */
const convertLikeTheEmulator: BasePdfConverter = async (sources) => {
  const answers = new Map<string, { pdf?: string; error?: string }>();
  for (const source of sources) {
    await mkdir(source.outputDirectory, { recursive: true });
    const pdf = path.join(source.outputDirectory, 'base.pdf');
    await writeFile(pdf, pdfDocument(['source: base'], textPages(await readFile(source.file, 'utf8'))));
    answers.set(source.repoPath, { pdf });
  }
  return answers;
};

function repositoryFor(api: GitHubApiStandIn): GitRepository {
  const octokit = createGitHubClient(TOKEN, makeEnvironment({ apiUrl: api.url }));
  assert.ok(octokit);
  return { octokit, where: { owner: 'octo', repo: 'docs' }, apiUrl: api.url, token: TOKEN };
}

describe('the previews stage', () => {
  let api: GitHubApiStandIn;
  let ws: Workspace;
  let baseSha: string;

  before(async () => {
    api = await startGitHubApi();
    api.tokens.set(TOKEN, { contents: 'write', pullRequests: 'write' });
    baseSha = api.commitFiles(
      'main',
      { 'docs/a.docx': pages(3), 'docs/b.docx': pages(2), 'docs/gone.docx': 'x', 'notes/gone.txt': 'y' },
      'base',
    );
    ws = await makeWorkspace();
  });
  after(() => api.close());

  function settingsFor(): Settings {
    const settings = makeSettings(ws, { githubToken: TOKEN });
    return { ...settings, patterns: ['docs', '!docs/skip*'], previews: { ...settings.previews, mode: 'on' } };
  }

  it('reports a damaged PDF or a missing base for that document only; the others get their previews', async () => {
    api.pullFiles.set(1, [
      { filename: 'docs/a.docx', status: 'modified' },
      { filename: 'docs/b.docx', status: 'modified' },
      { filename: 'docs/renamed.docx', status: 'renamed', previous_filename: 'docs/was-never-there.docx' },
      { filename: 'docs/gone.docx', status: 'removed' },
      { filename: 'notes/gone.txt', status: 'removed' },
    ]);
    const aPdf = await ws.write('converted/a.pdf', pdfDocument(['h'], textPages(pages(3, 'EDITED'))));
    const bPdf = await ws.write('converted/b.pdf', '%PDF-1.4\nnot really a pdf');
    const renamedPdf = await ws.write('converted/renamed.pdf', pdfDocument(['h'], textPages(pages(1))));
    const results = [
      result(ws, 'docs/a.docx', 'pdf', 'converted', [aPdf]),
      result(ws, 'docs/b.docx', 'pdf', 'converted', [bPdf]),
      result(ws, 'docs/renamed.docx', 'pdf', 'converted', [renamedPdf]),
    ];
    const env = makeEnvironment({
      eventName: 'pull_request',
      apiUrl: api.url,
      pullRequest: { number: 1, headRef: 'f', headRepoFullName: 'octo/docs', baseSha },
    });
    const report = (await makePreviews(settingsFor(), results, env, convertLikeTheEmulator)) as PreviewReport;
    const byPath = new Map(report.documents.map((d) => [d.path, d]));
    assert.equal(byPath.get('docs/a.docx')?.state, 'modified');
    assert.equal(byPath.get('docs/a.docx')?.changes.length, 3);
    assert.equal(byPath.get('docs/a.docx')?.images[0]?.diff?.includes('/blob/'), true);
    assert.equal(byPath.get('docs/b.docx')?.state, 'failed');
    assert.match(
      byPath.get('docs/b.docx')?.error ?? '',
      /could not be compared: the PDF could not be opened/,
    );
    assert.match(
      byPath.get('docs/renamed.docx')?.error ?? '',
      /docs\/was-never-there\.docx does not exist at/,
    );
    assert.equal(byPath.get('docs/gone.docx')?.state, 'removed');
    assert.ok(!byPath.has('notes/gone.txt'), 'a removed file outside the path patterns is not a document');
  });

  it('refuses a base version larger than the limit before downloading it', async () => {
    const repository = repositoryFor(api);
    const target = path.join(ws.workspace, 'base.docx');
    const before = api.requestsMatching('GET', /\/git\/blobs\//).length;
    await assert.rejects(
      downloadBaseVersion(repository, 'docs/a.docx', baseSha, target, 10),
      /more than the 10/,
    );
    assert.equal(api.requestsMatching('GET', /\/git\/blobs\//).length, before, 'no blob was downloaded');
    assert.equal(await downloadBaseVersion(repository, 'docs/a.docx', baseSha, target), pages(3).length);
    assert.equal(await readFile(target, 'utf8'), pages(3));
  });

  it('deletes preview branches of closed pull requests only', async () => {
    api.commitFiles('document-previews/pr-20', { 'x.png': 'a' }, 'closed');
    api.commitFiles('document-previews/pr-21', { 'x.png': 'b' }, 'open');
    api.commitFiles('document-previews/pr-22', { 'x.png': 'c' }, 'this run');
    api.commitFiles('document-previews/other', { 'x.png': 'd' }, 'not ours');
    api.openPulls.add(21);
    api.openPulls.add(1); // the pull request of the first test
    const repository = repositoryFor(api);
    const deleted = await pruneClosedPreviewBranches(repository, 'document-previews/', 22);
    assert.deepEqual(deleted, ['document-previews/pr-20']);
    assert.ok(api.branches.has('document-previews/pr-21'));
    assert.ok(api.branches.has('document-previews/pr-22'));
    assert.ok(api.branches.has('document-previews/other'));
  });
});

describe('the previews section', () => {
  const url = (n: number) => `https://github.com/octo/docs/blob/${'a'.repeat(40)}/1/head-${n}.png?raw=true`;
  const document = (name: string, changed: number): DocumentPreview => ({
    path: `docs/${name}.docx`,
    state: 'modified',
    changes: Array.from({ length: changed }, (_, i) => ({ kind: 'changed', base: i + 1, head: i + 1 })),
    images: Array.from({ length: Math.min(changed, 10) }, (_, i) => ({
      change: { kind: 'changed', base: i + 1, head: i + 1 },
      before: url(i),
      after: url(i),
      diff: url(i),
    })),
    texts: [],
    basePages: changed,
    headPages: changed,
    truncated: false,
  });

  it('shows the first three pages inline and folds the rest', () => {
    const section = renderPreviewSection(
      { documents: [document('a', 5)], omittedDocuments: 0, maxPages: 30 },
      65_536,
    );
    assert.match(section, /\*\*docs\\\/a\\\.docx\*\* — pages 1–5 changed \(5 pages\)/);
    const [inline, folded] = section.split('<details>');
    assert.equal(inline?.match(/<img /g)?.length, 9);
    assert.equal(folded?.match(/<img /g)?.length, 6);
    assert.match(folded ?? '', /^<summary>2 more page\(s\) with images<\/summary>/);
  });

  it("keeps the whole comment within GitHub's 65,536 characters: lines before images, then a count", async () => {
    const ws = await makeWorkspace();
    const documents = Array.from({ length: 60 }, (_, i) => document(`document-${i}`, 12));
    const previews: PreviewReport = { documents, omittedDocuments: 0, maxPages: 30 };
    const settings = makeSettings(ws);
    const results = [result(ws, 'docs/a.docx', 'pdf', 'converted', [])];
    const env = makeEnvironment();
    const body = renderCommentBody(
      results,
      { fileLinks: new Map(), failures: [], notices: [] },
      env,
      settings,
      previews,
    );
    assert.ok(body.length <= 65_536, `${body.length} characters`);
    assert.match(body, /\*\*docs\\\/document\\-0\\\.docx\*\* — pages 1–12 changed/);
    assert.match(body, /…and \d+ more changed document\(s\) without a preview here\./);
    const textOnly = renderPreviewSection(previews, 5_000);
    assert.ok(textOnly.length <= 5_000);
    assert.ok(!textOnly.includes('<img'), 'no document fits with its images, so each keeps its line');
    assert.match(textOnly, /document\\-5\\\.docx\*\* — pages 1–12 changed/);
  });

  it('says why there are no images, and lists the changes anyway', () => {
    const section = renderPreviewSection(
      {
        documents: [{ ...document('a', 2), images: [] }],
        omittedDocuments: 0,
        maxPages: 30,
        imagesWarning: 'the page images could not be stored: the token cannot write contents',
      },
      65_536,
    );
    assert.match(section, /⚠️ the page images could not be stored/);
    assert.match(section, /pages 1 and 2 changed/);
  });
});
