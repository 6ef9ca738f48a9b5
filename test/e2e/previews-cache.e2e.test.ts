/**
 * Page previews and the conversion cache together: a pull request's base versions go through the same cache as
 * its head versions. A push run on the base branch caches the base version; the pull request then converts only
 * the head version of the document it changes, and its own next run converts nothing at all.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { type Azurite, startAzurite } from '../stand-ins/azurite.ts';
import {
  type CacheService,
  cacheServiceEnv,
  skipWithoutZstd,
  startCacheService,
} from '../stand-ins/cache-service.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { writeFiles } from './fixtures.ts';
import { documentText } from './page-documents.ts';
import {
  type ActionRun,
  bundle,
  explain,
  FAKE_GITHUB_TOKEN,
  filesOf,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
  writePullRequestEvent,
} from './run-action.ts';

const CLIENT_ID = 'previews-cache-client';
const CLIENT_SECRET = 'previews-cache-Secret-41c9';
const CONTAINER = 'actions-cache';
const PULL = 12;

describe('previews of a pull request through the conversion cache', {
  concurrency: false,
  skip: skipWithoutZstd(),
}, () => {
  let emulator: Emulator;
  let azurite: Azurite;
  let service: CacheService;
  let github: GitHubApiStandIn;
  let runnerTemp: string;
  const eventFile = path.join(os.tmpdir(), `previews-cache-event-${process.pid}.json`);
  const onMain = { 'docs/report.docx': documentText(5), 'docs/other.docx': documentText(2) };
  const inPullRequest = {
    'docs/report.docx': documentText(5, { 3: (line) => (line === 10 ? 'REWRITTEN IN THE PR' : undefined) }),
    'docs/other.docx': documentText(2),
  };

  before(async () => {
    assert.ok(existsSync(bundle), 'dist/index.js is missing: run npm run build');
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      conversion: { fixedMs: 10, perKbMs: 0, jitterMs: 10 },
      seed: 5,
    });
    azurite = await startAzurite();
    await azurite.container(CONTAINER).create();
    service = await startCacheService({ container: CONTAINER, signUrl: azurite.signedUploadUrl });
    github = await startGitHubApi('octo', 'docs');
    github.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'write', pullRequests: 'write' });
    const baseSha = github.commitFiles('main', onMain, 'base');
    github.openPulls.add(PULL);
    github.pullFiles.set(PULL, [{ filename: 'docs/report.docx', status: 'modified' }]);
    runnerTemp = path.join(os.tmpdir(), `runner-temp-previews-${process.pid}`);
    await writePullRequestEvent(eventFile, { number: PULL, baseSha });
  });
  after(async () => {
    await emulator?.close();
    await service?.close();
    await azurite?.stop();
    await github?.close();
    await rm(runnerTemp, { recursive: true, force: true });
    await rm(eventFile, { force: true });
    await removeTempWorkspaces();
  });

  /** One run on a fresh runner (RUNNER_TEMP starts empty): whatever is reused came through the cache service. */
  async function runOnFreshRunner(
    files: Record<string, string>,
    env: Record<string, string>,
  ): Promise<ActionRun> {
    const workspace = await tempWorkspace();
    await writeFiles(workspace, files);
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
        format: 'pdf',
        publish: 'none',
        'preview-width': '240',
      },
      // The cache library needs github.com as the server (elsewhere it assumes GitHub Enterprise Server).
      env: { ...cacheServiceEnv(service), GITHUB_API_URL: github.url, RUNNER_TEMP: runnerTemp, ...env },
    });
  }

  const pullRequestEnv = {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REF: `refs/pull/${PULL}/merge`,
    GITHUB_HEAD_REF: 'feature',
    GITHUB_BASE_REF: 'main',
  };

  it('converts only the head version when the base branch’s push cached the base, then nothing at all', async () => {
    service.scope = { ref: 'refs/heads/main', readable: ['refs/heads/main'] };
    const push = await runOnFreshRunner(onMain, {});
    assert.equal(push.exitCode, 0, explain(push));
    assert.equal(push.outputs.converted, '2');

    service.scope = {
      ref: `refs/pull/${PULL}/merge`,
      readable: [`refs/pull/${PULL}/merge`, 'refs/heads/main'],
    };
    const first = await runOnFreshRunner(inPullRequest, pullRequestEnv);
    assert.equal(first.exitCode, 0, explain(first));
    const stats = emulator.stats();
    // A pdf without options takes the direct flow: the document travels with its one start.
    assert.equal(stats.requests.directStart, 1, 'one conversion: the head version of the changed document');
    assert.equal(stats.requests.upload + stats.requests.start, 0, 'nothing else started or uploaded');
    assert.equal(first.outputs.converted, '1');
    assert.deepEqual(
      filesOf(first).map((entry) => [entry.source, entry.status]),
      [['docs/report.docx', 'converted']],
    );
    assert.equal(
      first.outputs.unchanged,
      '1',
      'docs/other.docx: not changed by the pull request (changed-only)',
    );
    const comment = () => github.comments.get(PULL)?.[0]?.body ?? '';
    assert.match(comment(), /\*\*docs\\\/report\\\.docx\*\* — page 3 changed \(5 pages\)/);
    assert.match(first.summary, /docs\\\/report\\\.docx\*\* — page 3 changed/);

    // The pull request's entry holds its head and base conversions: its next run calls the service not once.
    const second = await runOnFreshRunner(inPullRequest, pullRequestEnv);
    assert.equal(second.exitCode, 0, explain(second));
    assert.equal(emulator.stats().totalRequests, 0, 'no token, no format list, no conversion');
    assert.equal(second.outputs.cached, '1');
    assert.match(comment(), /\*\*docs\\\/report\\\.docx\*\* — page 3 changed \(5 pages\)/);
    assert.equal(github.comments.get(PULL)?.length, 1, 'the same comment, edited');
    assert.deepEqual(
      service.entries.map((entry) => entry.scope),
      ['refs/heads/main', `refs/pull/${PULL}/merge`],
      'a run that converted nothing saves nothing',
    );
  });
});
