/**
 * The conversion cache end to end: the bundle run several times on the same repository, each time on a fresh
 * runner (an empty RUNNER_TEMP), against the GroupDocs emulator, the Actions cache service stand-in (blobs in
 * Azurite) and, in commit mode, the GitHub API stand-in. What is counted is what the conversion service saw.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { saveFolder } from '../../src/cache/actions-cache-store.ts';
import { readRunnerEnvironment } from '../../src/settings/runner.ts';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { type Azurite, startAzurite } from '../stand-ins/azurite.ts';
import {
  type CacheService,
  cacheServiceEnv,
  skipWithoutZstd,
  startCacheService,
} from '../stand-ins/cache-service.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { listOutputs, sha256Of, writeDocumentTree } from './fixtures.ts';
import {
  type ActionRun,
  bundle,
  explain,
  FAKE_GITHUB_TOKEN,
  filesOf,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
  warningsOf,
} from './run-action.ts';

const CLIENT_ID = 'cache-e2e-client';
const CLIENT_SECRET = 'cache-e2e-Secret-8d2f';
const CONTAINER = 'actions-cache';

/** SHA-256 of every file below output-dir, by path. */
async function outputHashes(workspace: string): Promise<Map<string, string>> {
  const dir = path.join(workspace, 'converted');
  const hashes = new Map<string, string>();
  for (const file of await listOutputs(dir)) hashes.set(file, await sha256Of(path.join(dir, file)));
  return hashes;
}

describe('the conversion cache, end to end', { concurrency: false, skip: skipWithoutZstd() }, () => {
  let emulator: Emulator;
  let azurite: Azurite;
  let service: CacheService;
  let runnerTemp: string;

  before(async () => {
    assert.ok(existsSync(bundle), 'dist/index.js is missing: run npm run build');
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      conversion: { fixedMs: 20, perKbMs: 0, jitterMs: 20 },
      seed: 3,
    });
    azurite = await startAzurite();
    await azurite.container(CONTAINER).create();
    service = await startCacheService({ container: CONTAINER, signUrl: azurite.signedUploadUrl });
    runnerTemp = path.join(os.tmpdir(), `runner-temp-${process.pid}`);
  });
  after(async () => {
    await emulator?.close();
    await service?.close();
    await azurite?.stop();
    await rm(runnerTemp, { recursive: true, force: true });
    await removeTempWorkspaces();
  });
  beforeEach(() => {
    service.mode = 'ok';
    service.scope = { ref: 'refs/heads/main', readable: ['refs/heads/main'] };
    service.entries.splice(0);
  });

  /**
   * One run on a fresh runner: RUNNER_TEMP has the same path on every run (as on GitHub's runners) but starts
   * empty, so whatever is reused came through the cache service (or the repository).
   */
  const runOnFreshRunner = async (
    workspace: string,
    inputs: Record<string, string>,
    env: Record<string, string> = cacheServiceEnv(service),
  ): Promise<ActionRun> => {
    await rm(runnerTemp, { recursive: true, force: true });
    await mkdir(runnerTemp, { recursive: true });
    emulator.resetStats();
    return runAction({
      workspace,
      inputs: {
        'client-id': CLIENT_ID,
        'client-secret': CLIENT_SECRET,
        'api-base-url': emulator.url,
        path: 'docs',
        'base-dir': 'docs',
        format: 'pdf, png',
        publish: 'none',
        ...inputs,
      },
      env: { RUNNER_TEMP: runnerTemp, ...env },
    });
  };

  it('converts nothing the second time: zero service calls, the same outputs byte for byte', async () => {
    const workspace = await tempWorkspace();
    const sources = await writeDocumentTree(workspace, 12);
    const first = await runOnFreshRunner(workspace, {});
    assert.equal(first.exitCode, 0, explain(first));
    assert.equal(first.outputs.converted, String(sources.length * 2));
    assert.equal(first.outputs.cached, '0');
    assert.equal(service.entries.filter((entry) => entry.finalized).length, 1, 'one cache entry saved');
    const before = await outputHashes(workspace);
    await rm(path.join(workspace, 'converted'), { recursive: true });

    const second = await runOnFreshRunner(workspace, {});
    assert.equal(second.exitCode, 0, explain(second));
    assert.equal(emulator.stats().totalRequests, 0, 'the conversion service was called');
    assert.equal(second.outputs.converted, '0');
    assert.equal(second.outputs.cached, String(sources.length * 2));
    assert.ok(filesOf(second).every((entry) => entry.status === 'cached'));
    assert.deepEqual(
      filesOf(second).map((entry) => entry.outputs),
      filesOf(first).map((entry) => entry.outputs),
    );
    assert.deepEqual(await outputHashes(workspace), before);
    assert.match(second.summary, /♻️ cached/);
    assert.match(second.summary, new RegExp(`0 converted, ${sources.length * 2} cached, 0 failed`));
    assert.deepEqual(warningsOf(second), []);
    assert.equal(service.entries.length, 1, 'a run that converted nothing saves nothing');
  });

  it('converts only the changed document, and a renamed one is a hit', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 8);
    const first = await runOnFreshRunner(workspace, { format: 'pdf' });
    assert.equal(first.exitCode, 0, explain(first));

    const changed = 'docs/section 1/sub #2/50% off.docx';
    await writeFile(path.join(workspace, changed), 'a new version of this document');
    await rename(path.join(workspace, 'docs/section 0/a #1.docx'), path.join(workspace, 'docs/renamed.docx'));
    const second = await runOnFreshRunner(workspace, { format: 'pdf' });
    assert.equal(second.exitCode, 0, explain(second));
    const stats = emulator.stats();
    assert.equal(stats.operations.length, 1, 'one conversion');
    // A pdf without options takes the direct flow: the document travels with the start, the result is fetched by id.
    assert.equal(stats.requests.directStart, 1);
    assert.equal(stats.requests.directResult, 1);
    assert.equal(stats.requests.upload + stats.requests.start + stats.requests.download, 0);
    assert.equal(
      stats.requests.formats,
      0,
      'docx → pdf is known from the cache: no format list is asked for',
    );
    const bySource = new Map(filesOf(second).map((entry) => [entry.source, entry]));
    assert.equal(bySource.get(changed)?.status, 'converted');
    assert.equal(bySource.get('docs/renamed.docx')?.status, 'cached');
    assert.deepEqual(bySource.get('docs/renamed.docx')?.outputs, ['converted/renamed.pdf']);
    assert.equal(second.outputs.cached, String(filesOf(second).length - 1));
    const pdf = await readFile(path.join(workspace, 'converted/section 1/sub #2/50% off.pdf'), 'latin1');
    assert.ok(pdf.includes(`sha256: ${await sha256Of(path.join(workspace, changed))}`), 'stale output');
    assert.equal(service.entries.length, 2, 'the run that converted saved a new entry');
  });

  it('lets a pull request that changes one document pay for that one, from its base branch’s entries', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 10);
    const onMain = await runOnFreshRunner(workspace, { format: 'pdf' });
    assert.equal(onMain.exitCode, 0, explain(onMain));

    service.scope = { ref: 'refs/pull/3/merge', readable: ['refs/pull/3/merge', 'refs/heads/main'] };
    await writeFile(path.join(workspace, 'docs/section 2/plain.docx'), 'changed in the pull request');
    const pullRequest = await runOnFreshRunner(
      workspace,
      { format: 'pdf', 'pr-comment': 'false' },
      {
        ...cacheServiceEnv(service),
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_REF: 'refs/pull/3/merge',
        GITHUB_HEAD_REF: 'feature',
        GITHUB_BASE_REF: 'main',
      },
    );
    assert.equal(pullRequest.exitCode, 0, explain(pullRequest));
    assert.equal(emulator.stats().operations.length, 1);
    assert.equal(pullRequest.outputs.converted, '1');
    assert.equal(pullRequest.outputs.cached, String(filesOf(pullRequest).length - 1));
    assert.deepEqual(
      service.entries.map((entry) => entry.scope),
      ['refs/heads/main', 'refs/pull/3/merge'],
    );
  });

  it('restores page outputs under the renamed document’s name', async () => {
    const workspace = await tempWorkspace();
    await mkdir(path.join(workspace, 'docs'));
    await writeFile(path.join(workspace, 'docs/deck.pptx'), 'slides');
    const first = await runOnFreshRunner(workspace, { format: 'png' });
    assert.equal(first.exitCode, 0, explain(first));
    await rename(path.join(workspace, 'docs/deck.pptx'), path.join(workspace, 'docs/talk.pptx'));
    const second = await runOnFreshRunner(workspace, { format: 'png' });
    assert.equal(second.exitCode, 0, explain(second));
    assert.equal(emulator.stats().totalRequests, 0);
    assert.deepEqual(filesOf(second)[0]?.outputs, [
      'converted/talk-page-1.png',
      'converted/talk-page-2.png',
      'converted/talk-page-3.png',
    ]);
  });

  it('never reuses a conversion made with other options or another service', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 3);
    const first = await runOnFreshRunner(workspace, { format: 'pdf' });
    assert.equal(first.exitCode, 0, explain(first));
    const other = await runOnFreshRunner(workspace, {
      format: 'pdf',
      'convert-options': '{"fromPage": 1, "pagesCount": 1}',
    });
    assert.equal(other.exitCode, 0, explain(other));
    assert.equal(other.outputs.cached, '0');
    assert.equal(emulator.stats().operations.length, 3);
    const sameService = await runOnFreshRunner(workspace, {
      format: 'pdf',
      'api-base-url': `${emulator.url}/`,
    });
    assert.equal(sameService.outputs.cached, '3', 'a trailing slash is the same service');
    const password = 'pdf-Password-91b2';
    const secret = await runOnFreshRunner(workspace, {
      format: 'pdf',
      'load-options': `{"password": "${password}"}`,
    });
    assert.equal(secret.outputs.cached, '0');
    const folder = path.join(runnerTemp, 'convert-documents-cache');
    const saved = `${await readFile(path.join(folder, 'manifest.json'), 'utf8')}${service.entries.map((e) => e.key).join()}`;
    assert.ok(!saved.includes(password), 'the password reached the cache');
  });

  it('converts again, with a warning, a document whose cached output was altered', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 4);
    const first = await runOnFreshRunner(workspace, { format: 'pdf' });
    assert.equal(first.exitCode, 0, explain(first));
    // A newer entry in which one output's bytes differ from what its manifest recorded.
    const folder = path.join(runnerTemp, 'convert-documents-cache');
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as {
      conversions: Record<string, { outputs: { sha256: string }[] }>;
    };
    const [victim] = Object.values(manifest.conversions);
    await writeFile(path.join(folder, 'blobs', victim?.outputs[0]?.sha256 ?? ''), 'tampered');
    const prefix = (service.entries[0]?.key ?? '').replace(/[^-]+-[^-]+-[0-9a-f]{8}$/, '');
    Object.assign(process.env, cacheServiceEnv(service), {
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: runnerTemp,
    });
    assert.ok(await saveFolder(folder, prefix, readRunnerEnvironment({ GITHUB_RUN_ID: '99' })));

    const second = await runOnFreshRunner(workspace, { format: 'pdf' });
    assert.equal(second.exitCode, 0, explain(second));
    assert.equal(emulator.stats().operations.length, 1, 'only the altered one is converted');
    assert.equal(second.outputs.cached, '3');
    const warnings = warningsOf(second);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(
      warnings[0] ?? '',
      /does not match its recorded SHA-256 \(Actions cache\); converting it again/,
    );
  });

  it('converts everything, with a warning, when the cache entry is not a readable archive', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 3);
    const first = await runOnFreshRunner(workspace, { format: 'pdf' });
    assert.equal(first.exitCode, 0, explain(first));
    const entry = service.entries[0];
    assert.ok(entry);
    await azurite.container(CONTAINER).getBlockBlobClient(entry.blobName).upload('garbage', 7);
    const second = await runOnFreshRunner(workspace, { format: 'pdf' });
    assert.equal(second.exitCode, 0, explain(second));
    assert.equal(second.outputs.converted, '3');
    assert.ok(warningsOf(second).length > 0, 'no warning');
  });

  it('converts normally, with a warning and a green step, when the cache service is down', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 3);
    const down = { ...cacheServiceEnv(service), ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' };
    const run = await runOnFreshRunner(workspace, { format: 'pdf' }, down);
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(run.outputs.converted, '3');
    assert.match(warningsOf(run).join('\n'), /Failed to restore/);
    assert.match(warningsOf(run).join('\n'), /Cache: the conversions of this run were not saved/);
  });

  it('stops waiting for a cache service that does not answer, converts, and ends', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 2);
    service.mode = 'hang';
    const calls = { ...service.calls };
    const run = await runOnFreshRunner(workspace, { format: 'pdf' });
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(run.outputs.converted, '2');
    assert.match(
      warningsOf(run).join('\n'),
      /looking up the cache took longer than 3 s; going on without it/,
    );
    assert.equal(
      service.calls.CreateCacheEntry,
      calls.CreateCacheEntry,
      'it tried to save to a silent service',
    );
  });

  it('converts everything with cache: false, and saves nothing', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 2);
    await runOnFreshRunner(workspace, { format: 'pdf' });
    const off = await runOnFreshRunner(workspace, { format: 'pdf', cache: 'false' });
    assert.equal(off.exitCode, 0, explain(off));
    assert.equal(off.outputs.converted, '2');
    assert.equal(service.entries.length, 1);
  });

  describe('in commit mode', () => {
    let api: GitHubApiStandIn;
    before(async () => {
      api = await startGitHubApi('octo', 'docs');
      api.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'write', pullRequests: 'write' });
    });
    after(async () => {
      await api?.close();
    });

    it('commits nothing on an unchanged push, with no cache service, and removes a deleted source’s outputs', async () => {
      const workspace = await tempWorkspace();
      await writeDocumentTree(workspace, 5);
      await mkdir(path.join(workspace, 'converted'));
      await writeFile(path.join(workspace, 'converted/handmade.pdf'), 'not made by the action');
      api.commitFiles(
        'main',
        { 'README.md': '# docs\n', 'converted/handmade.pdf': 'not made by the action' },
        'seed',
      );
      const commitInputs = { format: 'pdf', publish: 'commit' };
      const noCacheService = { GITHUB_API_URL: api.url };

      const first = await runOnFreshRunner(workspace, commitInputs, noCacheService);
      assert.equal(first.exitCode, 0, explain(first));
      assert.equal(first.outputs.converted, '5');
      const firstHead = api.branches.get('main') as string;
      const committed = api.filesAt(firstHead);
      assert.ok(committed.has('converted/.convert-documents.json'), 'the manifest is committed');
      assert.ok(committed.has('converted/section 0/a #1.pdf'));

      // A later push that changes nothing the action made: its committed outputs are trusted.
      const eventFile = path.join(runnerTemp, '..', `push-${process.pid}.json`);
      await writeFile(eventFile, JSON.stringify({ before: firstHead, after: firstHead }));
      const laterPush = {
        ...noCacheService,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: eventFile,
        GITHUB_SHA: firstHead,
      };
      const second = await runOnFreshRunner(workspace, commitInputs, laterPush);
      assert.equal(second.exitCode, 0, explain(second));
      assert.equal(emulator.stats().totalRequests, 0, 'the conversion service was called');
      assert.equal(second.outputs.cached, '5');
      assert.equal(api.branches.get('main'), firstHead, 'a commit was made');
      assert.equal(second.outputs['commit-sha'], undefined);

      await rm(path.join(workspace, 'docs/section 0/a #1.docx'));
      const third = await runOnFreshRunner(workspace, commitInputs, laterPush);
      assert.equal(third.exitCode, 0, explain(third));
      assert.equal(emulator.stats().totalRequests, 0);
      assert.equal(third.outputs.cached, '4');
      const head = api.branches.get('main') as string;
      assert.notEqual(head, firstHead);
      const files = api.filesAt(head);
      assert.ok(!files.has('converted/section 0/a #1.pdf'), 'the deleted source’s output is still committed');
      assert.ok(!existsSync(path.join(workspace, 'converted/section 0/a #1.pdf')));
      assert.ok(files.has('converted/handmade.pdf'), 'a file the action did not make was removed');
      assert.ok(existsSync(path.join(workspace, 'converted/handmade.pdf')));
      assert.ok(files.has('converted/section 1/sub #2/50% off.pdf'));
      const manifest = files.get('converted/.convert-documents.json')?.toString('utf8') ?? '';
      assert.ok(!manifest.includes('a #1.docx'));
    });
  });
});
