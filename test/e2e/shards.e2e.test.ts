/**
 * A matrix as GitHub runs it, with the bundle: three converting shards against the emulator, each uploading its
 * artifact to the results-service stand-in (bytes in Azurite); then the artifacts are downloaded into one directory
 * (as actions/download-artifact with merge-multiple does) and the publishing job publishes once to the GitHub stand-in.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { readZipEntries } from '../publish/helpers.ts';
import { type Azurite, startAzurite } from '../stand-ins/azurite.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { type ResultsService, runtimeToken, startResultsService } from '../stand-ins/results-service.ts';
import {
  type ActionRun,
  bundle,
  FAKE_GITHUB_TOKEN,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
} from './run-action.ts';

const CLIENT = { 'client-id': 'shard-client', 'client-secret': 'shard-Secret-0a9b8c7d' };
const CONTAINER = 'actions-results';
const SHARDS = 3;
const PR = 7;

interface Entry {
  source: string;
  format: string;
  status: string;
  outputs: string[];
}

function explain(run: ActionRun): string {
  return `exit ${run.exitCode}\n--- stdout ---\n${run.stdout.slice(-4000)}\n--- stderr ---\n${run.stderr.slice(-2000)}`;
}

/** The same checkout in every job: 40 documents of mixed sizes (one corrupt), with a .git like a checkout. */
async function checkout(): Promise<{ workspace: string; sources: string[] }> {
  const workspace = await tempWorkspace();
  await mkdir(path.join(workspace, '.git'));
  const sources: string[] = [];
  for (let i = 0; i < 40; i++) {
    const relative = `docs/part ${i % 4}/${i === 13 ? 'corrupt scan' : `doc ${i}`}.docx`;
    await mkdir(path.dirname(path.join(workspace, relative)), { recursive: true });
    await writeFile(path.join(workspace, relative), `${relative}\n${'x'.repeat(((i * 7919) % 40) * 1024)}`);
    sources.push(relative);
  }
  return { workspace, sources };
}

describe('three shards, then one publishing job', { concurrency: false }, () => {
  let emulator: Emulator;
  let azurite: Azurite;
  let service: ResultsService;
  let api: GitHubApiStandIn;
  let seed: string;
  let eventFile: string;

  before(async () => {
    assert.ok(existsSync(bundle), 'dist/index.js is missing: run npm run build');
    emulator = await startEmulator({
      clientId: CLIENT['client-id'],
      clientSecret: CLIENT['client-secret'],
      conversion: { fixedMs: 5, jitterMs: 10 },
      capacity: 16,
    });
    azurite = await startAzurite();
    await azurite.container(CONTAINER).create();
    service = await startResultsService({ container: CONTAINER, signUploadUrl: azurite.signedUploadUrl });
    api = await startGitHubApi('octo', 'docs');
    api.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'write', pullRequests: 'write' });
    seed = api.commitFiles('feature', { 'README.md': 'docs' }, 'seed');
    const eventDir = await tempWorkspace();
    eventFile = path.join(eventDir, 'event.json');
    await writeFile(
      eventFile,
      JSON.stringify({
        pull_request: { number: PR, head: { ref: 'feature', repo: { full_name: 'octo/docs' } } },
        repository: { full_name: 'octo/docs' },
      }),
    );
  });

  after(async () => {
    await emulator?.close();
    await service?.close();
    await azurite?.stop();
    await api?.close();
    await removeTempWorkspaces();
  });

  /** The runner's environment for one job of run 900 on a pull request. */
  const job = (name: string) => ({
    ACTIONS_RUNTIME_TOKEN: runtimeToken('run-900', name),
    ACTIONS_RESULTS_URL: `${service.url}/`,
    GITHUB_API_URL: api.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REF: `refs/pull/${PR}/merge`,
    GITHUB_SHA: seed,
    GITHUB_RUN_ID: '900',
    GITHUB_WORKFLOW: 'Docs',
  });
  // Every document, not only those the pull request changes: this is about the split.
  const publishing = {
    path: 'docs',
    format: 'pdf',
    publish: 'artifact, commit',
    'pr-comment': 'true',
    'changed-only': 'false',
  };

  it('converts each document in exactly one shard and publishes everything once', async () => {
    const shardRuns: ActionRun[] = [];
    let sources: string[] = [];
    for (let i = 1; i <= SHARDS; i++) {
      const tree = await checkout();
      sources = tree.sources;
      const run = await runAction({
        workspace: tree.workspace,
        inputs: { ...publishing, ...CLIENT, 'api-base-url': emulator.url, shard: `${i}/${SHARDS}` },
        env: job(`shard-${i}`),
      });
      assert.ok(run.exitCode === 0 || run.exitCode === 1, explain(run));
      assert.match(run.stdout, /::notice::shard \d\/3: commit, pr-comment are left to the publish-only job/);
      shardRuns.push(run);
    }
    // The shards published nothing but their artifacts.
    assert.equal(api.comments.get(PR)?.length ?? 0, 0);
    assert.equal(api.branches.get('feature'), seed);

    // Each document converted by exactly one shard; the shards' artifacts hold their outputs and reports.
    const converted = shardRuns.flatMap((run) => JSON.parse(run.outputs.files ?? '[]') as Entry[]);
    assert.deepEqual(converted.map((e) => e.source).sort(), [...sources].sort());
    const { requests } = emulator.stats();
    assert.equal(
      requests.upload + requests.directStart, // a pdf without options takes the direct flow: no separate upload
      sources.length,
      'each document sent once, by one shard',
    );
    const publisher = await checkout();
    const outputDir = path.join(publisher.workspace, 'converted');
    for (let i = 1; i <= SHARDS; i++) {
      const artifact = service.artifacts.find(
        (a) => a.name === `converted-documents-shard-${i}-of-${SHARDS}`,
      );
      assert.ok(artifact?.finalized, `shard ${i}'s artifact`);
      const entries = readZipEntries(await azurite.download(CONTAINER, artifact.blobName));
      assert.ok(entries.has(`conversion-report-shard-${i}-of-${SHARDS}.json`));
      for (const [name, content] of entries) {
        await mkdir(path.dirname(path.join(outputDir, name)), { recursive: true });
        await writeFile(path.join(outputDir, name), content);
      }
    }

    const run = await runAction({
      workspace: publisher.workspace,
      inputs: { ...publishing, 'publish-only': 'true' },
      env: job('publish'),
    });
    assert.equal(run.exitCode, 1, explain(run)); // the corrupt document fails the step…
    assert.match(
      run.stdout,
      /::error::1 of 40 conversions did not succeed: docs\/part 1\/corrupt scan\.docx/,
    );
    assert.doesNotMatch(run.stdout, /::warning::publish-only/, 'every shard report was found and consistent');
    assert.equal(run.outputs.converted, '39'); // …and the others are published.

    // One merged result: the report holds every document once, and so does the merged artifact.
    const report = JSON.parse(await readFile(run.outputs.report ?? '', 'utf8')) as { files: Entry[] };
    assert.deepEqual(report.files.map((e) => e.source).sort(), [...sources].sort());
    const merged = service.artifacts.filter((a) => a.name === 'converted-documents');
    assert.equal(merged.length, 1);
    const zipped = readZipEntries(await azurite.download(CONTAINER, merged[0]?.blobName ?? ''));
    const pdfs = sources
      .filter((s) => !s.includes('corrupt'))
      .map((s) => s.replace(/^docs\//, 'docs/').replace(/\.docx$/, '.pdf'));
    assert.deepEqual([...zipped.keys()].sort(), [...pdfs, 'conversion-report.json'].sort());

    // One commit on the pull request's branch, holding every converted file once.
    const head = api.branches.get('feature') ?? '';
    assert.equal(api.commits.get(head)?.parents[0], seed);
    assert.equal(
      api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/git/commits')).length,
      1,
    );
    const committed = [...api.filesAt(head).keys()].sort();
    assert.deepEqual(committed, ['README.md', ...pdfs.map((p) => `converted/${p}`)].sort());

    // One comment, listing every document once.
    const comments = api.comments.get(PR) ?? [];
    assert.equal(comments.length, 1);
    const body = (comments[0]?.body ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
    for (const source of sources) {
      assert.equal(body.split(`| ${source} |`).length - 1, 1, `${source} is listed once`);
    }
    assert.match(body, /\*\*39 converted\*\*, 1 failed, 0 timed out/);
    assert.match(run.summary, /merged the reports of 3 of 3 shards/);
  });

  it('a shard whose share is empty succeeds quietly and calls nothing', async () => {
    const workspace = await tempWorkspace();
    await mkdir(path.join(workspace, 'docs'));
    await writeFile(path.join(workspace, 'docs/only.docx'), 'one document');
    emulator.resetStats();
    const run = await runAction({
      workspace,
      inputs: {
        ...CLIENT,
        'api-base-url': emulator.url,
        path: 'docs',
        format: 'pdf',
        shard: '2/2',
        publish: 'none',
      },
    });
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(emulator.stats().totalRequests, 0);
    assert.doesNotMatch(run.stdout, /::(warning|error)::/);
    assert.equal(run.outputs.converted, '0');
    const report = JSON.parse(await readFile(run.outputs.report ?? '', 'utf8')) as {
      shard: string;
      files: Entry[];
    };
    assert.deepEqual([report.shard, report.files], ['2/2', []]);
  });

  for (const bad of ['0/4', '5/4', 'a/b']) {
    it(`shard ${bad} fails before any request`, async () => {
      const workspace = await tempWorkspace();
      await mkdir(path.join(workspace, 'docs'));
      await writeFile(path.join(workspace, 'docs/a.docx'), 'a');
      emulator.resetStats();
      const run = await runAction({
        workspace,
        inputs: { ...CLIENT, 'api-base-url': emulator.url, path: 'docs', format: 'pdf', shard: bad },
      });
      assert.equal(run.exitCode, 1);
      assert.ok(
        run.stdout.includes(
          `::error::Input "shard" is "${bad}": expected i/n with 1 ≤ i ≤ n ≤ 256, like 1/4.`,
        ),
        explain(run),
      );
      assert.equal(emulator.stats().totalRequests, 0);
    });
  }
});
