/**
 * The bundle against a hostile conversion service and a hostile GitHub API (issue 13, rows 5, 6, 8, 9, 10): what a
 * user sees — which documents converted, what is on disk, what the log, outputs and summary say — and that the run
 * stays bounded in bytes written, requests made and memory (the child's peak RSS), never in wall-clock time.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type HostileBehaviour, type HostileService, startHostileService } from '../emulator/hostile.ts';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { neverAnswer, pageForever } from '../stand-ins/hostile-github.ts';
import { listOutputs, sha256Of, writeFiles } from './fixtures.ts';
import {
  type ActionRun,
  bundle,
  explain,
  FAKE_GITHUB_TOKEN,
  type FileEntry,
  filesOf,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
} from './run-action.ts';

const CLIENT_ID = 'hostile-client-id';
const CLIENT_SECRET = 'hostile-Client-Secret-9e8d7c';
/** What the runner's commit SHA is in run-action.ts. */
const RUN_SHA = '0123456789abcdef0123456789abcdef01234567';
/** Generous: the bundle alone peaks near 100 MB; the failures fixed here took gigabytes. */
const PEAK_RSS_BOUND_MB = 400;

const entryFor = (run: ActionRun, source: string, format: string) =>
  filesOf(run).find((f) => f.source === source && f.format === format);

describe('the bundled action against hostile servers', { concurrency: false }, () => {
  let emulator: Emulator;
  let hostile: HostileService | undefined;
  let scratch: string;
  let preload: string;

  before(async () => {
    assert.ok(existsSync(bundle), 'dist/index.js is missing: run npm run build');
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      conversion: { fixedMs: 20, perKbMs: 0 },
      capacity: 8,
    });
    scratch = await mkdtemp(path.join(os.tmpdir(), 'hostile-e2e-'));
    // Loaded into the action's process: writes its peak RSS (KiB) when it exits.
    preload = path.join(scratch, 'peak-rss.mjs');
    await writeFile(
      preload,
      "import { writeFileSync } from 'node:fs';\n" +
        "process.on('exit', () => writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
    );
  });
  after(async () => {
    await hostile?.close();
    await emulator.close();
    await rm(scratch, { recursive: true, force: true });
    await removeTempWorkspaces();
  });

  async function serve(behaviour: HostileBehaviour): Promise<HostileService> {
    await hostile?.close();
    hostile = await startHostileService(emulator, behaviour);
    return hostile;
  }

  /** Runs the bundle against `service`, measuring the child's peak RSS. */
  async function run(
    workspace: string,
    service: { url: string },
    inputs: Record<string, string>,
    env: Record<string, string> = {},
  ): Promise<ActionRun & { peakRssMb: number }> {
    const rssFile = path.join(scratch, `rss-${path.basename(workspace)}`);
    const result = await runAction({
      workspace,
      inputs: {
        'client-id': CLIENT_ID,
        'client-secret': CLIENT_SECRET,
        'api-base-url': service.url,
        'poll-interval': '50ms',
        publish: 'none',
        ...inputs,
      },
      env: { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`, PEAK_RSS_FILE: rssFile, ...env },
    });
    const peakRssMb = Number(await readFile(rssFile, 'utf8')) / 1024;
    return { ...result, peakRssMb };
  }

  /** Every output of a converted entry was made from its own source (the emulator writes the source's SHA-256). */
  async function assertMadeFrom(workspace: string, entry: FileEntry | undefined): Promise<void> {
    assert.equal(entry?.status, 'converted', JSON.stringify(entry));
    const hash = await sha256Of(path.join(workspace, entry?.source ?? ''));
    for (const output of entry?.outputs ?? []) {
      const content = await readFile(path.join(workspace, output), 'latin1');
      assert.ok(content.includes(`sha256: ${hash}`), `${output} was not made from ${entry?.source}`);
    }
  }

  it("row 5: fails a job whose pages are named like another document's outputs, and leaves the victim's pages intact", async () => {
    const workspace = await tempWorkspace();
    // One at a time, biggest first: the victim's pages are written first, and the attacker's would overwrite them.
    await writeFiles(workspace, { 'docs/victim.docx': 'v'.repeat(4096), 'docs/attacker.docx': 'attacker' });
    const service = await serve({
      results: (results) =>
        results.map((r) => ({ ...r, name: r.name.replace(/^attacker-page-/, 'victim-page-') })),
    });
    const result = await run(workspace, service, {
      path: 'docs',
      format: 'png',
      'base-dir': 'docs',
      concurrency: '1',
    });
    assert.equal(result.exitCode, 1, explain(result));
    const attacker = entryFor(result, 'docs/attacker.docx', 'png');
    assert.equal(attacker?.status, 'failed');
    assert.match(
      attacker?.error ?? '',
      /named a result "victim-page-1\.png"; the results of "docs\/attacker\.docx" → png must be named "attacker-page-<page>\.png"; nothing was written/,
    );
    const victim = entryFor(result, 'docs/victim.docx', 'png');
    assert.deepEqual(
      victim?.outputs,
      [1, 2, 3].map((n) => `converted/victim-page-${n}.png`),
    );
    await assertMadeFrom(workspace, victim);
    assert.deepEqual(
      await listOutputs(path.join(workspace, 'converted')),
      [1, 2, 3].map((n) => `victim-page-${n}.png`),
      'nothing of the failed job was written',
    );
    assert.deepEqual(
      service.stats.downloads.filter((key) => key.includes('attacker')),
      [],
      'nothing of the failed job was downloaded',
    );
  });

  it('row 6: refuses result names ".git" and "README.md", so the commit keeps the branch\'s README', async () => {
    const workspace = await tempWorkspace();
    await mkdir(path.join(workspace, '.git'));
    await writeFiles(workspace, { 'docs/a.docx': 'a', 'docs/b.docx': 'b' });
    const service = await serve({
      results: (results) =>
        results.map((r, i) =>
          r.name.startsWith('a-page-')
            ? { ...r, name: ['.git', 'README.md', 'a-page-3.png'][i] ?? r.name }
            : r,
        ),
    });
    const api: GitHubApiStandIn = await startGitHubApi('octo', 'docs');
    try {
      api.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'write', pullRequests: 'write' });
      api.commitFiles('main', { 'README.md': 'the real README' }, 'initial');
      const result = await run(
        workspace,
        service,
        { path: 'docs', format: 'png', 'base-dir': 'docs', publish: 'commit', 'pr-comment': 'false' },
        { GITHUB_API_URL: api.url },
      );
      assert.equal(result.exitCode, 1, explain(result));
      assert.equal(entryFor(result, 'docs/a.docx', 'png')?.status, 'failed');
      assert.match(entryFor(result, 'docs/a.docx', 'png')?.error ?? '', /named a result "\.git"/);
      await assertMadeFrom(workspace, entryFor(result, 'docs/b.docx', 'png'));
      assert.deepEqual(
        await listOutputs(path.join(workspace, 'converted')),
        ['.convert-documents.json', ...[1, 2, 3].map((n) => `b-page-${n}.png`)], // the cache's own manifest, and b's pages
      );
      const committed = api.filesAt(api.branches.get('main') as string);
      assert.equal(committed.get('README.md')?.toString(), 'the real README');
      assert.deepEqual([...committed.keys()].sort(), [
        'README.md',
        'converted/.convert-documents.json',
        ...[1, 2, 3].map((n) => `converted/b-page-${n}.png`),
      ]);
    } finally {
      await api.close();
    }
  });

  it('row 8: treats a 14 MB format list as unreadable, converts every document, and keeps the log small', async () => {
    const workspace = await tempWorkspace();
    const docs: Record<string, string> = {};
    for (let i = 0; i < 60; i++) docs[`docs/d${i}.docx`] = `document ${i}`;
    await writeFiles(workspace, docs);
    const targets = 1_300_000;
    const service = await serve({
      *formats() {
        yield '[{"sourceFormat":"docx","targetFormats":[';
        for (let i = 0; i < targets; i += 10_000) {
          yield Array.from({ length: 10_000 }, (_, j) => `"t${i + j}"`).join(',') +
            (i + 10_000 < targets ? ',' : '');
        }
        yield ']}]';
      },
    });
    const result = await run(workspace, service, {
      path: 'docs',
      format: 'pdf',
      'base-dir': 'docs',
      concurrency: '8',
    });
    assert.equal(result.exitCode, 0, explain(result));
    assert.equal(result.outputs.converted, '60');
    assert.match(
      result.stdout,
      /::warning::Could not read the supported formats \(list formats failed: the server sent an answer larger than 1048576 bytes\); trying every pair\./,
    );
    assert.ok(result.stdout.length < 100_000, `the log holds ${result.stdout.length} characters`);
    assert.match(result.summary, /60 converted, 0 failed, 0 timed out/);
    assert.ok(
      service.stats.formatBytes < 8 * 1024 * 1024,
      `the server sent ${service.stats.formatBytes} bytes of it`,
    );
    assert.ok(result.peakRssMb < PEAK_RSS_BOUND_MB, `peak RSS ${result.peakRssMb.toFixed(0)} MB`);
  });

  it('row 9: stops a download that never ends after the service declared 10 bytes, and removes it', async () => {
    const workspace = await tempWorkspace();
    await writeFiles(workspace, { 'docs/endless.docx': 'e', 'docs/fine.docx': 'f' });
    const service = await serve({
      results: (results) => results.map((r) => (r.name.startsWith('endless') ? { ...r, size: 10 } : r)),
      endlessDownload: (key) => key.endsWith('/endless.pdf'),
    });
    // Options keep the storage flow, whose download this hostile service stretches.
    const result = await run(workspace, service, {
      path: 'docs',
      format: 'pdf',
      'base-dir': 'docs',
      'convert-options': '{"fromPage": 1}',
    });
    assert.equal(result.exitCode, 1, explain(result));
    assert.match(
      entryFor(result, 'docs/endless.docx', 'pdf')?.error ?? '',
      /download of ".*endless\.pdf" failed: the file grew past the 10 bytes the service declared for it; the download was stopped and removed/,
    );
    await assertMadeFrom(workspace, entryFor(result, 'docs/fine.docx', 'pdf'));
    assert.deepEqual(
      await listOutputs(path.join(workspace, 'converted')),
      ['fine.pdf'],
      'no partial file is left',
    );
    assert.ok(service.stats.endlessBytes > 0, 'the endless download was requested');
    assert.ok(
      service.stats.endlessBytes < 64 * 1024 * 1024,
      `the server got to send ${service.stats.endlessBytes} bytes`,
    );
    assert.ok(result.peakRssMb < PEAK_RSS_BOUND_MB, `peak RSS ${result.peakRssMb.toFixed(0)} MB`);
  });

  it('row 9: fails a document with 20,000 results without downloading one, and caps the bytes the run writes', async () => {
    const workspace = await tempWorkspace();
    const docs: Record<string, string> = { 'docs/many.docx': 'm' };
    for (let i = 0; i < 8; i++) docs[`docs/d${i}.docx`] = `document ${i}`;
    await writeFiles(workspace, docs);
    const service = await serve({
      results: (results) => {
        const first = results[0];
        if (!first?.name.startsWith('many-page-')) return results;
        return Array.from({ length: 20_000 }, (_, i) => ({ ...first, name: `many-page-${i + 1}.png` }));
      },
    });
    // Each emulator page is a PNG of about 150 bytes: 8 documents × 3 pages need about 3.6 KiB.
    const limit = 2048;
    const result = await run(workspace, service, {
      path: 'docs',
      format: 'png',
      'base-dir': 'docs',
      'max-total-download-size': String(limit),
      concurrency: '1',
    });
    assert.equal(result.exitCode, 1, explain(result));
    assert.match(
      entryFor(result, 'docs/many.docx', 'png')?.error ?? '',
      /the service listed more than 10000 result files for one document, more than this action accepts; nothing was written/,
    );
    assert.deepEqual(
      service.stats.downloads.filter((key) => key.includes('many')),
      [],
    );
    const entries = filesOf(result).filter((f) => f.source !== 'docs/many.docx');
    const converted = entries.filter((f) => f.status === 'converted');
    const stopped = entries.filter((f) => /max-total-download-size \(2 KiB\)/.test(f.error ?? ''));
    assert.ok(converted.length > 0 && stopped.length > 0, JSON.stringify(entries, null, 1));
    assert.equal(converted.length + stopped.length, entries.length);
    for (const entry of converted) await assertMadeFrom(workspace, entry);
    const written = await listOutputs(path.join(workspace, 'converted'));
    assert.deepEqual(
      written,
      converted.flatMap((f) => f.outputs.map((o) => o.replace(/^converted\//, ''))).sort(),
    );
    let bytes = 0;
    for (const file of written) bytes += (await stat(path.join(workspace, 'converted', file))).size;
    assert.ok(bytes <= limit, `${bytes} bytes were written`);
  });

  describe('row 10: a hostile GitHub API', () => {
    let api: GitHubApiStandIn;

    async function publishRun(inputs: Record<string, string>) {
      const workspace = await tempWorkspace();
      await writeFiles(workspace, { 'docs/a.docx': 'a' });
      return run(
        workspace,
        { url: emulator.url },
        { path: 'docs', format: 'pdf', 'base-dir': 'docs', ...inputs },
        {
          GITHUB_API_URL: api.url,
        },
      );
    }

    before(async () => {
      api = await startGitHubApi('octo', 'docs');
      api.htmlOrigin = 'http://127.0.0.1:9'; // the runner's GITHUB_SERVER_URL in these runs: links are checked against it
      api.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'write', pullRequests: 'write' });
      api.pullsForCommit.set(RUN_SHA, [5]);
    });
    after(() => api.close());

    it('stops reading comments that page for ever, warns, and posts the comment', async () => {
      api.intercept = undefined;
      pageForever(api, { method: 'GET', path: /\/issues\/5\/comments$/ }, (n) => ({
        id: n + 1,
        body: `comment ${n}`,
        user: { login: 'someone', type: 'User' },
      }));
      const result = await publishRun({ 'pr-comment': 'true' });
      assert.equal(result.exitCode, 0, explain(result));
      const listed = api.requestsMatching('GET', /\/issues\/5\/comments$/).length;
      assert.equal(listed, 30, 'pages of comments read');
      assert.match(
        result.stdout,
        /::warning::pr-comment: read the first 3000 comments of pull request #5 without finding this action's comment; stopped reading there and posted a new comment/,
      );
      assert.equal(api.comments.get(5)?.length, 1);
      assert.match(result.outputs['comment-url'] ?? '', /pull\/5#issuecomment-/);
      assert.ok(result.peakRssMb < PEAK_RSS_BOUND_MB, `peak RSS ${result.peakRssMb.toFixed(0)} MB`);
    });

    it('stops reading release assets that page for ever, warns, and uploads the files', async () => {
      api.intercept = undefined;
      const release = api.createRelease('v1');
      pageForever(api, { method: 'GET', path: /\/releases\/\d+\/assets$/ }, (n) => ({
        id: 90_000 + n,
        name: `other-${n}.bin`,
      }));
      const result = await publishRun({ publish: 'release', 'release-tag': 'v1', 'pr-comment': 'false' });
      assert.equal(result.exitCode, 0, explain(result));
      assert.equal(
        api.requestsMatching('GET', /\/releases\/\d+\/assets$/).length,
        10,
        'pages of assets read',
      );
      assert.match(result.stdout, /::warning::release: v1 lists more than 1000 assets/);
      assert.deepEqual(
        release.assets.map((a) => a.name),
        ['a.pdf'],
      );
    });

    it('ends the step at the publishing deadline when POST …/comments never answers, and reports it', async () => {
      api.intercept = undefined;
      api.comments.clear();
      neverAnswer(api, { method: 'POST', path: /\/issues\/5\/comments$/ });
      const posts = () => api.requestsMatching('POST', /\/issues\/5\/comments$/).length;
      const postsBefore = posts();
      const result = await publishRun({ 'pr-comment': 'true', timeout: '2s' });
      assert.equal(result.exitCode, 1, explain(result));
      assert.equal(posts() - postsBefore, 1, 'the comment was sent once');
      assert.equal(result.outputs.converted, '1', 'the conversion is reported');
      assert.equal(entryFor(result, 'docs/a.docx', 'pdf')?.status, 'converted');
      assert.match(
        result.stdout,
        /::error::publishing failed: pr-comment: failed: publishing passed its deadline \(2s\)/,
      );
      assert.match(result.summary, /1 converted, 0 failed, 0 timed out/);
    });
  });
});
