/**
 * What the conversion cache may reuse, end to end: the bundle run again on a fresh runner (an empty RUNNER_TEMP)
 * with the Actions cache stand-in (blobs in Azurite), the GroupDocs emulator or the real LibreOffice, and in commit
 * mode the GitHub API stand-in. A conversion is reused only when everything that made it is the same — the fonts,
 * the committed bytes — and each shard of a matrix finds its own conversions again.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { findSoffice } from '../../src/convert/engines/libreoffice/soffice.ts';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { type Azurite, startAzurite } from '../stand-ins/azurite.ts';
import {
  type CacheService,
  cacheServiceEnv,
  skipWithoutZstd,
  startCacheService,
} from '../stand-ins/cache-service.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { type ResultsService, runtimeToken, startResultsService } from '../stand-ins/results-service.ts';
import { sha256Of, writeDocumentTree, writeFiles } from './fixtures.ts';
import {
  type ActionRun,
  bundle,
  explain,
  FAKE_GITHUB_TOKEN,
  filesOf,
  removeTempWorkspaces,
  repoRoot,
  runAction,
  tempWorkspace,
} from './run-action.ts';

const CLIENT_ID = 'reuse-e2e-client';
const CLIENT_SECRET = 'reuse-e2e-Secret-5c1a';
const CONTAINER = 'actions-cache';
const BANGERS = path.join(
  repoRoot,
  'node_modules/@expo-google-fonts/bangers/400Regular/Bangers_400Regular.ttf',
);
const soffice = findSoffice(process.env.PATH ?? '');

function onPath(name: string): string | undefined {
  const folders = (process.env.PATH ?? '').split(path.delimiter);
  return folders.map((folder) => path.join(folder, name)).find((file) => existsSync(file));
}
const pdffonts = onPath('pdffonts');

/** `false` to run; a reason to skip. Under CI the test runs anyway and fails on the missing tool (.ci/run installs it). */
function needs(tools: Record<string, string | undefined>): false | string {
  const missing = Object.entries(tools).filter(([, found]) => found === undefined);
  if (missing.length === 0 || process.env.CI === 'true') return false;
  return `${missing.map(([name]) => name).join(' and ')} not installed`;
}

/**
 * One ACTIONS_RESULTS_URL for both the artifact and the cache stand-ins, as GitHub's results service answers both:
 * each Twirp call is passed to the stand-in of its service.
 */
async function routeByService(
  origins: Record<string, string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const service = /^\/twirp\/github\.actions\.results\.api\.v1\.(\w+)\//.exec(req.url ?? '')?.[1] ?? '';
    const origin = origins[service];
    if (origin === undefined) {
      res.writeHead(404).end();
      return;
    }
    const forwarded = http.request(
      new URL(req.url ?? '/', origin),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Each entry's status by source. */
const statuses = (run: ActionRun) =>
  Object.fromEntries(filesOf(run).map((entry) => [entry.source, entry.status]));

describe('what the conversion cache reuses, end to end', {
  concurrency: false,
  skip: skipWithoutZstd(),
}, () => {
  let emulator: Emulator;
  let azurite: Azurite;
  let service: CacheService;
  let runnerTemp: string;

  before(async () => {
    assert.ok(existsSync(bundle), 'the test bundle is missing: run npm run build:test');
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      conversion: { fixedMs: 10, perKbMs: 0, jitterMs: 10 },
      seed: 5,
    });
    azurite = await startAzurite();
    await azurite.container(CONTAINER).create();
    service = await startCacheService({ container: CONTAINER, signUrl: azurite.signedUploadUrl });
    runnerTemp = path.join(os.tmpdir(), `reuse-runner-temp-${process.pid}`);
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

  /** One run on a fresh runner: whatever is reused came through the cache service (or the repository). */
  const runOnFreshRunner = async (
    workspace: string,
    inputs: Record<string, string>,
    env: Record<string, string> = {},
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
        format: 'pdf',
        publish: 'none',
        ...inputs,
      },
      env: { ...cacheServiceEnv(service), RUNNER_TEMP: runnerTemp, ...env },
    });
  };

  describe('changing fonts-dir changes the conversions', () => {
    let api: GitHubApiStandIn;
    before(async () => {
      api = await startGitHubApi('octo', 'docs');
      api.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'write', pullRequests: 'write' });
    });
    after(async () => {
      await api?.close();
    });

    it('engine groupdocs: a run whose font changed converts again with the new fonts, from neither cache', async () => {
      const workspace = await tempWorkspace();
      await writeFiles(workspace, {
        'docs/a.docx': 'first document',
        'docs/b.docx': 'second document',
        'fonts/Brand.ttf': 'brand font, version 1',
      });
      api.commitFiles('main', { 'README.md': '# docs\n' }, 'seed');
      // Commit mode with the Actions cache: both the committed manifest and the Actions cache could serve it.
      const inputs = { 'fonts-dir': 'fonts', publish: 'commit', 'poll-interval': '50ms' };
      const env = { GITHUB_API_URL: api.url };
      const first = await runOnFreshRunner(workspace, inputs, env);
      assert.equal(first.exitCode, 0, explain(first));
      assert.equal(first.outputs.converted, '2');
      const [oldFonts] = new Set(emulator.stats().operations.map((operation) => operation.fontsPath));
      const same = await runOnFreshRunner(workspace, inputs, env);
      assert.equal(same.outputs.cached, '2', 'the same fonts: both conversions are reused');

      await writeFile(path.join(workspace, 'fonts/Brand.ttf'), 'brand font, version 2');
      const second = await runOnFreshRunner(workspace, inputs, env);
      assert.equal(second.exitCode, 0, explain(second));
      assert.deepEqual(
        statuses(second),
        { 'docs/a.docx': 'converted', 'docs/b.docx': 'converted' },
        'a conversion made with the old font was served',
      );
      const newFonts = new Set(emulator.stats().operations.map((operation) => operation.fontsPath));
      assert.equal(newFonts.size, 1);
      assert.ok(!newFonts.has(oldFonts), 'converted with the old fonts');
    });

    it('engine libreoffice: a run whose fonts-dir now holds the document’s font embeds it, not the cached substitute', {
      skip: needs({ soffice, pdffonts }),
    }, async () => {
      assert.ok(soffice && pdffonts, 'LibreOffice and pdffonts are installed (.ci/run installs them)');
      const workspace = await tempWorkspace();
      await mkdir(path.join(workspace, 'docs'));
      await copyFile(
        path.join(repoRoot, 'test/fixtures/documents/brand.docx'),
        path.join(workspace, 'docs/brand.docx'),
      );
      // A fonts folder without the document's font (Bangers): LibreOffice substitutes another.
      await writeFiles(workspace, { 'brand-fonts/Placeholder.ttf': 'not the font the document asks for' });
      const inputs = { engine: 'libreoffice', 'fonts-dir': 'brand-fonts' };
      const pdf = path.join(workspace, 'converted/brand.pdf');
      const fontsOf = () => execFileSync(pdffonts, [pdf], { encoding: 'utf8' });

      const first = await runOnFreshRunner(workspace, inputs);
      assert.equal(first.exitCode, 0, explain(first));
      assert.equal(first.outputs.converted, '1', explain(first));
      assert.doesNotMatch(fontsOf(), /Bangers/);
      assert.equal(service.entries.filter((entry) => entry.finalized).length, 1, 'the conversion was cached');

      await rm(path.join(workspace, 'brand-fonts/Placeholder.ttf'));
      await copyFile(BANGERS, path.join(workspace, 'brand-fonts/Bangers-Regular.ttf'));
      const second = await runOnFreshRunner(workspace, inputs);
      assert.equal(second.exitCode, 0, explain(second));
      assert.deepEqual(
        statuses(second),
        { 'docs/brand.docx': 'converted' },
        'the PDF made without the font was served',
      );
      assert.match(fontsOf(), /\+Bangers-Regular\s+TrueType.*\byes\b/);
    });
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

    it('converts again an output edited by hand, replaced or deleted on the branch; none is a cache hit', async () => {
      const workspace = await tempWorkspace();
      const sources = await writeDocumentTree(workspace, 5);
      api.commitFiles('main', { 'README.md': '# docs\n' }, 'seed');
      const inputs = { publish: 'commit' };
      // No Actions cache: the committed outputs and their manifest are the only cache.
      const noCacheService = {
        GITHUB_API_URL: api.url,
        ACTIONS_RESULTS_URL: '',
        ACTIONS_CACHE_SERVICE_V2: '',
      };
      const first = await runOnFreshRunner(workspace, inputs, noCacheService);
      assert.equal(first.exitCode, 0, explain(first));
      assert.equal(first.outputs.converted, '5');
      const outputOf = new Map(filesOf(first).map((entry) => [entry.source, entry.outputs[0] as string]));

      const [edited, replaced, deleted] = sources as [string, string, string];
      const editedFile = path.join(workspace, outputOf.get(edited) as string);
      const replacedFile = path.join(workspace, outputOf.get(replaced) as string);
      const deletedFile = path.join(workspace, outputOf.get(deleted) as string);
      // Someone edits one output by hand, replaces another by a file of the same size, deletes a third, and pushes.
      await appendFile(editedFile, '\n% a hand-made correction\n');
      const size = (await readFile(replacedFile)).length;
      await writeFile(replacedFile, Buffer.alloc(size, 'x'));
      await rm(deletedFile);
      api.commitFiles(
        'main',
        {
          [outputOf.get(edited) as string]: await readFile(editedFile),
          [outputOf.get(replaced) as string]: await readFile(replacedFile),
        },
        'hand edits',
      );
      // A later push that touches none of them: nothing tells the run they changed but their bytes (the push's own
      // changes are reconverted anyway, see hostile-repo's round two).
      const handEdited = api.branches.get('main') as string;
      const eventFile = path.join(os.tmpdir(), `push-after-hand-edits-${process.pid}.json`);
      await writeFile(eventFile, JSON.stringify({ before: handEdited, after: handEdited }));
      const laterPush = {
        ...noCacheService,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: eventFile,
        GITHUB_SHA: handEdited,
      };

      const second = await runOnFreshRunner(workspace, inputs, laterPush);
      assert.equal(second.exitCode, 0, explain(second));
      assert.deepEqual(
        statuses(second),
        Object.fromEntries(
          sources.map((source) => [
            source,
            [edited, replaced, deleted].includes(source) ? 'converted' : 'cached',
          ]),
        ),
      );
      assert.equal(emulator.stats().operations.length, 3);
      assert.equal(second.outputs.cached, '2');
      // What is on disk and on the branch is the conversion of each document again.
      const head = api.filesAt(api.branches.get('main') as string);
      for (const source of [edited, replaced, deleted]) {
        const output = outputOf.get(source) as string;
        const bytes = await readFile(path.join(workspace, output));
        assert.ok(
          bytes.includes(`sha256: ${await sha256Of(path.join(workspace, source))}`),
          `${output} on disk`,
        );
        assert.ok(head.get(output)?.equals(bytes), `${output} on the branch is not the conversion`);
      }
    });
  });

  describe('in a matrix', () => {
    let artifacts: ResultsService;
    let results: { url: string; close(): Promise<void> };
    before(async () => {
      artifacts = await startResultsService({ container: CONTAINER, signUploadUrl: azurite.signedUploadUrl });
      results = await routeByService({ ArtifactService: artifacts.url, CacheService: service.url });
    });
    after(async () => {
      await results?.close();
      await artifacts?.close();
    });

    it('each shard keeps its own cache entry: re-running shard 1 after shard 2 converts nothing', async () => {
      const workspace = await tempWorkspace();
      const sources = await writeDocumentTree(workspace, 8);
      // A shard uploads its outputs as an artifact: the results service answers both the artifact and cache calls.
      let attempt = 0;
      const shard = async (index: number) =>
        runOnFreshRunner(
          workspace,
          { shard: `${index}/2` },
          {
            ACTIONS_RESULTS_URL: `${results.url}/`,
            ACTIONS_RUNTIME_TOKEN: runtimeToken(`run-${++attempt}`, `shard-${index}`),
          },
        );

      const one = await shard(1);
      const two = await shard(2);
      for (const run of [one, two]) {
        assert.equal(run.exitCode, 0, explain(run));
        assert.equal(run.outputs.cached, '0');
      }
      const shareOne = filesOf(one).map((entry) => entry.source);
      assert.deepEqual(
        [...shareOne, ...filesOf(two).map((entry) => entry.source)].sort(),
        [...sources].sort(),
        'the shards share the documents',
      );
      assert.equal(service.entries.length, 2, 'each shard saved an entry');

      const again = await shard(1);
      assert.equal(again.exitCode, 0, explain(again));
      assert.equal(emulator.stats().totalRequests, 0, 'shard 1 called the conversion service again');
      assert.equal(again.outputs.converted, '0');
      assert.equal(again.outputs.cached, String(shareOne.length));
      assert.deepEqual(
        filesOf(again).map((entry) => entry.source),
        shareOne,
      );
      const twoAgain = await shard(2);
      assert.equal(emulator.stats().totalRequests, 0, 'shard 2 called the conversion service again');
      assert.equal(twoAgain.outputs.converted, '0');
    });
  });
});
