/**
 * A pull request that adds crafted files, a conversion service and a GitHub API that answer with hostile data, run
 * against the bundle as a runner runs it: no credential reaches any output, no workflow command is injected into
 * the log, nothing is read from or written to the repository's metadata.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, lstat, mkdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { saveFolder } from '../../src/cache/actions-cache-store.ts';
import { readRunnerEnvironment } from '../../src/settings/runner.ts';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { readZipEntries } from '../publish/helpers.ts';
import { type Azurite, startAzurite } from '../stand-ins/azurite.ts';
import {
  type CacheService,
  cacheServiceEnv,
  skipWithoutZstd,
  startCacheService,
} from '../stand-ins/cache-service.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { tokenSpellings, writeCheckout, writePushEvent } from '../stand-ins/hostile-checkout.ts';
import { type ResultsService, runtimeToken, startResultsService } from '../stand-ins/results-service.ts';
import { type HostileService, startHostileService } from './hostile-groupdocs.ts';
import {
  bundle,
  explain,
  FAKE_GITHUB_TOKEN,
  filesOf,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
  warningsOf,
  writePullRequestEvent,
} from './run-action.ts';

const CLIENT_ID = 'hostile-client-id';
const CLIENT_SECRET = 'hostile-Client-Secret-77e1c0d9';
/** A document password with characters that JSON, URL and .NET encoders all spell differently. */
const PASSWORD = 'Hunter+2/Doc<&>';
const SERVER_URL = 'http://127.0.0.1:9';
/** Text the hostile parties put where a workflow command would start; the action never writes it itself. */
const MARKERS = ['pwn', 'from-format-list', 'from-service', 'from-github'];
/** The commands the action itself writes. */
const OWN_COMMANDS = new Set(['add-mask', 'group', 'endgroup', 'debug', 'notice', 'warning', 'error']);

/**
 * Lines the runner would take as a workflow command that the action did not mean: a command it never writes, or
 * one whose message starts with text a hostile party planted.
 */
function injectedCommands(stdout: string): string[] {
  return stdout.split(/\r\n|\r|\n/).filter((line) => {
    const command = /^::([^\s:]+)[^:]*::(.*)$/.exec(line.trimStart());
    if (!line.trimStart().startsWith('::')) return false;
    if (!command) return true;
    const [, name = '', message = ''] = command;
    return !OWN_COMMANDS.has(name) || MARKERS.some((marker) => message.startsWith(marker));
  });
}

describe('the bundled action against a hostile repository, service and GitHub API', {
  concurrency: false,
}, () => {
  let emulator: Emulator;
  let service: HostileService;
  let github: GitHubApiStandIn;

  before(async () => {
    assert.ok(existsSync(bundle), 'dist/index.js is missing: run npm run build');
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      conversion: { fixedMs: 10 },
      pages: 1,
      seed: 13,
    });
    service = await startHostileService(emulator.url, {
      extraFormats: [{ sourceFormat: 'xyz', targetFormats: ['html', '\n::error::from-format-list'] }],
      failureText:
        `boom\n::stop-commands::pwn-from-service\nThe password ${PASSWORD} is wrong; as sent: ` +
        `{"password":"${JSON.stringify(PASSWORD).slice(1, -1).replace('+', '\\u002B').replace('<', '\\u003C').replace('&', '\\u0026').replace('>', '\\u003E')}"}, ` +
        `${encodeURIComponent(PASSWORD)}; client secret ${CLIENT_SECRET}`,
      resultNames: {
        'secret-name.pdf': `../${CLIENT_SECRET}.pdf`,
        'long-name.pdf': `${'n'.repeat(100_000)}/x.pdf`,
      },
    });
    github = await startGitHubApi('octo', 'docs');
    github.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'write', pullRequests: 'write' });
    // The comment URL of the issue's report: an image smuggled after the link.
    github.htmlOrigin = `${SERVER_URL}/x) ![x](https://evil.example/t.png`;
    github.uploadFailure = {
      status: 500,
      message: `upload refused for token ${FAKE_GITHUB_TOKEN}\n::stop-commands::pwn-from-github`,
    };
  });

  after(async () => {
    await service.close();
    await github.close();
    await emulator.close();
    await removeTempWorkspaces();
  });

  /** A checkout whose .git/config holds the job token, as actions/checkout leaves it, and a pull request's files. */
  async function hostileCheckout(): Promise<string> {
    const workspace = await tempWorkspace();
    await mkdir(path.join(workspace, '.git'), { recursive: true });
    await writeFile(
      path.join(workspace, '.git/config'),
      `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${Buffer.from(`x-access-token:${FAKE_GITHUB_TOKEN}`).toString('base64')}\n`,
    );
    await writeFile(path.join(workspace, '.git/HEAD'), 'ref: refs/heads/main\n');
    await mkdir(path.join(workspace, 'docs'));
    for (const name of ['guide.docx', 'corrupt.docx', 'secret-name.docx', 'long-name.docx', 'odd.xyz']) {
      await writeFile(path.join(workspace, 'docs', name), `content of ${name}\n`);
    }
    await writeFile(path.join(workspace, 'docs', 'nl\n::stop-commands::pwn123\n.docx'), 'a crafted name\n');
    await writeFile(path.join(workspace, 'docs', '::warning::pwn-name.docx'), 'another crafted name\n');
    await symlink('../.git/config', path.join(workspace, 'docs', 'notes.md'));
    await symlink('../.git', path.join(workspace, 'docs', 'meta'));
    return workspace;
  }

  const serviceInputs = () => ({
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
    'api-base-url': service.url,
  });

  const pullRequestEvent = (workspace: string) =>
    writePullRequestEvent(path.join(path.dirname(workspace), `${path.basename(workspace)}-event.json`), {
      number: 5,
    });

  it('converts the honest files, and prints, outputs, summarises and comments nothing hostile', async () => {
    const workspace = await hostileCheckout();
    github.createRelease('v1');
    const run = await runAction({
      workspace,
      inputs: {
        ...serviceInputs(),
        path: 'docs/**',
        format: 'pdf',
        'base-dir': 'docs',
        'load-options': JSON.stringify({ password: PASSWORD }),
        'changed-only': 'false',
        publish: 'release',
        'release-tag': 'v1',
        'pr-comment': 'true',
        'poll-interval': '50ms',
      },
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: await pullRequestEvent(workspace),
        GITHUB_API_URL: github.url,
        GITHUB_SERVER_URL: SERVER_URL,
      },
    });
    const files = filesOf(run) ?? [];
    const comment = github.comments.get(5)?.[0]?.body ?? '';
    assert.ok(files.length > 0 && comment !== '', explain(run));

    // Row 1: the link into .git is skipped with a warning; nothing of .git was uploaded or written.
    const sources = files.map((entry) => entry.source);
    assert.ok(!sources.some((source) => source.startsWith('docs/notes') || source.startsWith('docs/meta')));
    assert.match(
      run.stdout,
      /^::warning::"docs\/notes\.md" matched by input "path" was skipped: it leads to "\.git\/config"/m,
    );
    assert.ok(!emulator.stats().operations.some((op) => /notes|config|HEAD/.test(op.filePath)));
    assert.equal((await readFile(path.join(workspace, '.git/HEAD'), 'utf8')).trim(), 'ref: refs/heads/main');
    assert.equal(files.find((entry) => entry.source === 'docs/guide.docx')?.status, 'converted');

    // Row 2: no workflow command planted by a file name, the service, its format list or the GitHub API.
    assert.deepEqual(injectedCommands(run.stdout), [], explain(run));
    const masks = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    const firstUntrusted = run.stdout.indexOf('stop-commands');
    assert.ok(firstUntrusted > run.stdout.indexOf(`::add-mask::${PASSWORD}`), 'the password is masked first');
    assert.ok(
      masks.includes(`::add-mask::${CLIENT_SECRET}`) && masks.includes(`::add-mask::${FAKE_GITHUB_TOKEN}`),
    );

    // Rows 3 and 4: no credential in any form, anywhere a user looks; server text is shortened.
    const logged = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    const everywhere = {
      log: `${logged}\n${run.stderr}`,
      outputs: JSON.stringify(run.outputs),
      summary: run.summary,
      comment,
    };
    const spellings = [
      CLIENT_SECRET,
      FAKE_GITHUB_TOKEN,
      PASSWORD,
      encodeURIComponent(PASSWORD),
      'Hunter\\u002B2',
      ...emulator.stats().tokensIssued,
    ];
    for (const [where, text] of Object.entries(everywhere)) {
      for (const secret of spellings) assert.ok(!text.includes(secret), `${where} holds ${secret}`);
      assert.ok(!text.includes('n'.repeat(1000)), `${where} holds the 100 KB name`);
    }
    const failed = files.find((entry) => entry.source === 'docs/corrupt.docx');
    assert.equal(failed?.status, 'failed');
    assert.match(
      failed?.error ?? '',
      /boom%0A::stop-commands::pwn-from-service%0AThe password \[secret\] is wrong/,
    );
    for (const entry of files) assert.ok((entry.error ?? '').length <= 300, entry.error);
    // A single result always lands on its planned name, so the server's hostile names are never used or shown.
    for (const source of ['docs/secret-name.docx', 'docs/long-name.docx']) {
      const entry = files.find((candidate) => candidate.source === source);
      assert.equal(entry?.status, 'converted', source);
      assert.deepEqual(entry?.outputs, [source.replace(/^docs\//, 'converted/').replace(/\.docx$/, '.pdf')]);
    }
    assert.match(comment, /Publishing failed/);

    // Row 11: the comment URL with an image smuggled after it is encoded in place; no image reaches the summary.
    for (const text of [run.summary, comment]) {
      assert.doesNotMatch(text, /!\[/);
      assert.doesNotMatch(text, /\]\(https:\/\/evil/);
    }
    assert.match(
      run.outputs['comment-url'] ?? '',
      /^http:\/\/127\.0\.0\.1:9\/x%29%20%21%5Bx%5D%28https:\/\/evil\.example/,
    );
  });

  it('refuses output-dir inside .git and a storage-name that is a path, before any request', async () => {
    const workspace = await hostileCheckout();
    const configBefore = await readFile(path.join(workspace, '.git/config'), 'utf8');
    emulator.resetStats();
    const run = await runAction({
      workspace,
      inputs: {
        ...serviceInputs(),
        path: 'docs/guide.docx',
        format: 'pdf',
        'output-dir': '.git',
        'storage-name': '../../x\ny',
      },
    });
    assert.equal(run.exitCode, 1, explain(run));
    assert.match(run.stdout, /Input "output-dir" is "\.git": it is the repository's \.git directory/);
    assert.match(run.stdout, /Input "storage-name" is "\.\.\/\.\.\/x\\ny": expected the name of a storage/);
    assert.equal(emulator.stats().totalRequests, 0);
    assert.equal(await readFile(path.join(workspace, '.git/config'), 'utf8'), configBefore);
    assert.deepEqual(injectedCommands(run.stdout), []);
  });
});

/**
 * Round two: a pull request's crafted output-dir, shard reports, committed manifest and cache entries against the
 * stages that publish, record and restore. One describe per point of issue 20.
 */
describe('hostile repositories, round two', { concurrency: false, skip: skipWithoutZstd() }, () => {
  const CLIENT = { 'client-id': 'round-two-client', 'client-secret': 'round-two-Secret-5e6f' };
  const ARTIFACTS = 'actions-results';
  const CACHE = 'actions-cache';
  let emulator: Emulator;
  let azurite: Azurite;
  let results: ResultsService;
  let cache: CacheService;
  let api: GitHubApiStandIn;
  let runnerTemp: string;

  before(async () => {
    assert.ok(existsSync(bundle), 'the test bundle is missing: run npm run build:test');
    emulator = await startEmulator({ clientId: CLIENT['client-id'], clientSecret: CLIENT['client-secret'] });
    azurite = await startAzurite();
    await azurite.container(ARTIFACTS).create();
    await azurite.container(CACHE).create();
    results = await startResultsService({ container: ARTIFACTS, signUploadUrl: azurite.signedUploadUrl });
    cache = await startCacheService({ container: CACHE, signUrl: azurite.signedUploadUrl });
    runnerTemp = path.join(os.tmpdir(), `runner-temp-hostile-${process.pid}`);
  });
  after(async () => {
    await emulator?.close();
    await results?.close();
    await cache?.close();
    await azurite?.stop();
    await api?.close();
    await rm(runnerTemp, { recursive: true, force: true });
    await removeTempWorkspaces();
  });
  beforeEach(async () => {
    await api?.close();
    api = await startGitHubApi('octo', 'docs');
    api.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'write', pullRequests: 'write' });
    api.commitFiles('main', { 'README.md': '# docs\n' }, 'seed');
    emulator.resetStats();
    cache.entries.splice(0);
    await rm(runnerTemp, { recursive: true, force: true });
    await mkdir(runnerTemp, { recursive: true });
  });

  /** A push to main of `after` (default: the branch head), on a fresh runner with every service. */
  const pushRun = async (
    workspace: string,
    inputs: Record<string, string>,
    options: { before?: string; after?: string; artifacts?: boolean } = {},
  ) => {
    const afterSha = options.after ?? (api.branches.get('main') as string);
    const event = await writePushEvent(
      path.join(path.dirname(workspace), `${path.basename(workspace)}-push.json`),
      options.before ?? afterSha,
      afterSha,
    );
    return runAction({
      workspace,
      inputs: {
        ...CLIENT,
        'api-base-url': emulator.url,
        'changed-only': 'false',
        'base-dir': 'docs',
        ...inputs,
      },
      env: {
        // One results service per run: the artifact stand-in, or the cache stand-in (the default).
        ...(options.artifacts
          ? {
              ACTIONS_RUNTIME_TOKEN: runtimeToken('run-20', 'job'),
              ACTIONS_RESULTS_URL: `${results.url}/`,
              GITHUB_SERVER_URL: 'https://github.com',
            }
          : cacheServiceEnv(cache)),
        RUNNER_TEMP: runnerTemp,
        GITHUB_API_URL: api.url,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: event,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_SHA: afterSha,
        GITHUB_RUN_ID: '20',
      },
    });
  };
  const committedAtHead = () => api.filesAt(api.branches.get('main') as string);
  const artifactEntries = async (name: string) => {
    const artifact = results.artifacts.filter((a) => a.name === name).at(-1);
    return artifact ? readZipEntries(await azurite.download(ARTIFACTS, artifact.blobName)) : new Map();
  };
  const holdsToken = (content: Buffer | string) =>
    tokenSpellings(FAKE_GITHUB_TOKEN).some((spelling) => content.toString().includes(spelling));

  describe('1. only regular files inside output-dir are published', () => {
    it('publish-only fails the documents whose reported outputs are links, folders or devices, and publishes none of their bytes', async () => {
      const workspace = await tempWorkspace();
      const documents = Object.fromEntries(
        ['a', 'b', 'c', 'd', 'e'].map((name) => [`docs/${name}.docx`, `document ${name}`]),
      );
      await writeCheckout(workspace, FAKE_GITHUB_TOKEN, documents);
      const outputDir = path.join(workspace, 'converted');
      await mkdir(path.join(outputDir, 'c.pdf'), { recursive: true });
      await symlink('../.git/config', path.join(outputDir, 'a.pdf'));
      await symlink('/proc/self/environ', path.join(outputDir, 'b.pdf'));
      await symlink('/dev/zero', path.join(outputDir, 'e.pdf'));
      await writeFile(path.join(outputDir, 'd.pdf'), '%PDF honest output');
      const entries = ['a', 'b', 'c', 'd', 'e'].map((name) => ({
        source: `docs/${name}.docx`,
        format: 'pdf',
        status: 'converted',
        outputs: [`converted/${name}.pdf`],
        'duration-ms': 1,
      }));
      await writeFile(
        path.join(outputDir, 'conversion-report-shard-1-of-1.json'),
        JSON.stringify({ schema: 'convert-documents-action/report@1', shard: '1/1', files: entries }),
      );

      const run = await pushRun(
        workspace,
        {
          path: 'docs',
          format: 'pdf',
          publish: 'artifact, commit',
          'publish-only': 'true',
        },
        { artifacts: true },
      );

      const byName = new Map((filesOf(run) ?? []).map((entry) => [entry.source, entry]));
      assert.equal(byName.get('docs/d.docx')?.status, 'converted', explain(run));
      for (const name of ['a', 'b', 'c', 'e']) {
        const entry = byName.get(`docs/${name}.docx`);
        assert.equal(entry?.status, 'failed', `${name}: ${explain(run)}`);
        assert.match(entry?.error ?? '', /not a regular file inside output-dir/);
      }
      const committed = committedAtHead();
      assert.ok(committed.has('converted/d.pdf'), explain(run));
      for (const [name, content] of committed) assert.ok(!holdsToken(content), `commit: ${name}`);
      for (const name of ['a', 'b', 'e']) assert.ok(!committed.has(`converted/${name}.pdf`));
      const zipped = await artifactEntries('converted-documents');
      assert.ok(zipped.has('d.pdf'), explain(run));
      for (const [name, content] of zipped) assert.ok(!holdsToken(content), `artifact: ${name}`);
    });
  });

  describe('2. nothing is written through an existing path', () => {
    it('replaces links planted at the report’s partial name and the committed manifest, leaving .git/config alone', async () => {
      const workspace = await tempWorkspace();
      await writeCheckout(workspace, FAKE_GITHUB_TOKEN, { 'docs/a.docx': 'document a' });
      const configBefore = await readFile(path.join(workspace, '.git/config'), 'utf8');
      await mkdir(path.join(workspace, 'converted'));
      await symlink('../.git/config', path.join(workspace, 'converted/conversion-report.json.partial'));
      await symlink('../.git/config', path.join(workspace, 'converted/.convert-documents.json'));

      const run = await pushRun(workspace, { path: 'docs', format: 'pdf', publish: 'commit' });

      assert.equal(run.exitCode, 0, explain(run));
      assert.equal(await readFile(path.join(workspace, '.git/config'), 'utf8'), configBefore);
      const manifest = await lstat(path.join(workspace, 'converted/.convert-documents.json'));
      assert.ok(manifest.isFile(), 'the manifest is a file of its own');
      const committed = committedAtHead();
      assert.match(committed.get('converted/.convert-documents.json')?.toString() ?? '', /docs\/a\.docx/);
      for (const [name, content] of committed) assert.ok(!holdsToken(content), `commit: ${name}`);
    });
  });

  describe('3. the committed manifest is not a trust anchor', () => {
    it('converts afresh a merged source whose forged manifest entry and output match it', async () => {
      const workspace = await tempWorkspace();
      await writeCheckout(workspace, FAKE_GITHUB_TOKEN, { 'docs/a.docx': 'version 1', 'docs/b.docx': 'b' });
      api.commitFiles('main', { 'docs/a.docx': 'version 1', 'docs/b.docx': 'b' }, 'documents');
      const first = await pushRun(workspace, { path: 'docs', format: 'pdf', publish: 'commit' });
      assert.equal(first.outputs.converted, '2', explain(first));
      const firstHead = api.branches.get('main') as string;

      // The pull request changes a.docx, runs the action on its own branch to get the honest entry for the new
      // version, then swaps in its own output and records that output's hash in the entry.
      await writeFile(path.join(workspace, 'docs/a.docx'), 'version 2');
      const forgedPdf = Buffer.from('%PDF forged by the pull request');
      const manifestFile = path.join(workspace, 'converted/.convert-documents.json');
      const attacker = await tempWorkspace();
      await cp(workspace, attacker, { recursive: true, verbatimSymlinks: true });
      api.commitFiles('attacker', { 'docs/a.docx': 'version 2' }, 'attacker branch');
      // Its run saves to its own branch's cache, which main's runs cannot read.
      cache.scope = { ref: 'refs/heads/attacker', readable: ['refs/heads/attacker'] };
      const own = await pushRun(attacker, {
        path: 'docs',
        format: 'pdf',
        publish: 'commit',
        'commit-branch': 'attacker',
      });
      assert.equal(own.outputs.converted, '1', explain(own));
      cache.scope = { ref: 'refs/heads/main', readable: ['refs/heads/main'] };
      const manifest = JSON.parse(
        await readFile(path.join(attacker, 'converted/.convert-documents.json'), 'utf8'),
      );
      const entry = manifest.conversions.find((c: { source: string }) => c.source === 'docs/a.docx');
      entry.outputs[0].sha256 = createHash('sha256').update(forgedPdf).digest('hex');
      entry.outputs[0].size = forgedPdf.length;
      await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
      await writeFile(path.join(workspace, 'converted/a.pdf'), forgedPdf);
      // Merged: main now holds the new source, the forged entry and the forged output.
      const merged = api.commitFiles(
        'main',
        {
          'docs/a.docx': 'version 2',
          'converted/a.pdf': forgedPdf,
          'converted/.convert-documents.json': await readFile(manifestFile),
        },
        'merge pull request',
      );
      emulator.resetStats();

      const run = await pushRun(
        workspace,
        { path: 'docs', format: 'pdf', publish: 'commit' },
        {
          before: firstHead,
          after: merged,
        },
      );

      const byName = new Map((filesOf(run) ?? []).map((e) => [e.source, e]));
      assert.equal(byName.get('docs/a.docx')?.status, 'converted', explain(run));
      assert.equal(byName.get('docs/b.docx')?.status, 'cached', explain(run));
      const published = await readFile(path.join(workspace, 'converted/a.pdf'));
      assert.ok(!published.equals(forgedPdf), 'the forged output was kept');
      assert.ok(
        !committedAtHead().get('converted/a.pdf')?.equals(forgedPdf),
        'the forged output is committed',
      );
    });
  });

  describe('7. shard reports are bounded input', () => {
    it('ignores absurd shard counts, counts duplicates in one line and refuses oversized reports', async () => {
      const workspace = await tempWorkspace();
      await writeCheckout(workspace, FAKE_GITHUB_TOKEN, { 'docs/a.docx': 'a', 'docs/b.docx': 'b' });
      const outputDir = path.join(workspace, 'converted');
      await mkdir(outputDir);
      await writeFile(path.join(outputDir, 'a.pdf'), '%PDF a');
      const report = (shard: string, files: unknown[]) =>
        JSON.stringify({ schema: 'convert-documents-action/report@1', shard, files });
      const entryOf = (source: string, outputs: string[] = []) => ({
        source,
        format: 'pdf',
        status: outputs.length > 0 ? 'converted' : 'failed',
        outputs,
        'duration-ms': 1,
      });
      const reportAt = (name: string) => path.join(outputDir, `conversion-report-shard-${name}.json`);
      // 1/4: a's result, then the same result 20,000 times more.
      await writeFile(
        reportAt('1-of-4'),
        report(
          '1/4',
          Array.from({ length: 20_001 }, () => entryOf('docs/a.docx', ['converted/a.pdf'])),
        ),
      );
      // 2/4 by its name, but its content claims a matrix of 100,000.
      await writeFile(reportAt('2-of-4'), report('2/100000', [entryOf('docs/b.docx')]));
      // 3/4: more entries than any plan.
      await writeFile(
        reportAt('3-of-4'),
        report(
          '3/4',
          Array.from({ length: 100_001 }, (_, i) => entryOf(`docs/x${i}.docx`)),
        ),
      );
      // 4/4: a report larger than any report of this action (sparse: no disk is used).
      await writeFile(reportAt('4-of-4'), '');
      await truncate(reportAt('4-of-4'), 65 * 1024 * 1024);
      // And a name that claims four billion shards.
      await writeFile(reportAt('1-of-4294967296'), report('1/4294967296', [entryOf('docs/b.docx')]));

      const run = await pushRun(workspace, {
        path: 'docs',
        format: 'pdf',
        publish: 'none',
        'publish-only': 'true',
      });

      assert.equal(run.exitCode, 1, explain(run));
      const byName = new Map((filesOf(run) ?? []).map((e) => [e.source, e]));
      assert.equal(byName.get('docs/a.docx')?.status, 'converted', explain(run));
      assert.equal(byName.get('docs/b.docx')?.status, 'failed');
      const warnings = warningsOf(run).filter((line) => line.includes('publish-only'));
      const about = (pattern: RegExp) => warnings.filter((line) => pattern.test(line));
      assert.equal(about(/1-of-4294967296/).length, 1, warnings.join('\n'));
      assert.match(about(/1-of-4294967296/)[0] ?? '', /ignored: .*1 ≤ i ≤ n ≤ 256/);
      assert.equal(about(/shard-2-of-4/).length, 1, warnings.join('\n'));
      assert.match(about(/shard-2-of-4/)[0] ?? '', /ignored: .*2\/100000/);
      assert.equal(about(/shard-3-of-4/).length, 1, warnings.join('\n'));
      assert.match(about(/shard-3-of-4/)[0] ?? '', /more than 100000 entries/);
      assert.equal(about(/shard-4-of-4/).length, 1, warnings.join('\n'));
      assert.match(about(/shard-4-of-4/)[0] ?? '', /larger than 64 MiB/);
      assert.equal(about(/more than once/).length, 1, warnings.join('\n'));
      assert.match(
        about(/more than once/)[0] ?? '',
        /20000 result\(s\) are in the shard reports more than once/,
      );
      assert.ok(run.stdout.length < 200_000, `the log is ${run.stdout.length} characters long`);
    });
  });

  describe('8. cache entries are untrusted input', () => {
    it('refuses a cached output that is a link out of the cache folder, and converts the document', async () => {
      const workspace = await tempWorkspace();
      await writeCheckout(workspace, FAKE_GITHUB_TOKEN, { 'docs/a.docx': 'document a' });
      const first = await pushRun(workspace, { path: 'docs', format: 'pdf', publish: 'none' });
      assert.equal(first.outputs.converted, '1', explain(first));
      // A newer entry whose blob is a link to a file outside the folder, recorded with that file's hash.
      const outside = path.join(runnerTemp, 'runner-secret.txt');
      const secret = Buffer.from(`a file of the runner: ${FAKE_GITHUB_TOKEN}`);
      await writeFile(outside, secret);
      const folder = path.join(runnerTemp, 'convert-documents-cache');
      const manifestFile = path.join(folder, 'manifest.json');
      const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
      const [key] = Object.keys(manifest.conversions);
      const sha256 = createHash('sha256').update(secret).digest('hex');
      manifest.conversions[key as string].outputs[0] = { name: 'a.pdf', sha256, size: secret.length };
      await writeFile(manifestFile, JSON.stringify(manifest));
      await symlink(outside, path.join(folder, 'blobs', sha256));
      const prefix = (cache.entries[0]?.key ?? '').replace(/[^-]+-[^-]+-[0-9a-f]{8}$/, '');
      Object.assign(process.env, cacheServiceEnv(cache), {
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: runnerTemp,
      });
      assert.ok(await saveFolder(folder, prefix, readRunnerEnvironment({ GITHUB_RUN_ID: '99' })));
      await rm(folder, { recursive: true });
      await rm(path.join(workspace, 'converted'), { recursive: true });
      emulator.resetStats();

      const run = await pushRun(workspace, { path: 'docs', format: 'pdf', publish: 'none' });

      assert.equal(run.exitCode, 0, explain(run));
      assert.equal((filesOf(run) ?? [])[0]?.status, 'converted', explain(run));
      assert.ok(
        !holdsToken(await readFile(path.join(workspace, 'converted/a.pdf'))),
        'the runner file was published',
      );
      // The guard tar refuses the archive before it is unpacked (the unit tests of copyVerified cover a link
      // that reaches the folder some other way).
      assert.match(
        warningsOf(run).join('\n'),
        /the cache entry was not restored: .* is a symlink/,
        explain(run),
      );
    });
  });

  describe('8. the cache stage within the deadline', () => {
    it('gives a silent cache service no more than what is left of timeout', async () => {
      const workspace = await tempWorkspace();
      await writeCheckout(workspace, FAKE_GITHUB_TOKEN, { 'docs/a.docx': 'document a' });
      cache.mode = 'hang';
      try {
        const run = await pushRun(workspace, {
          path: 'docs',
          format: 'pdf',
          publish: 'none',
          timeout: '2500ms',
        });
        // The run ends whatever the conversion's fate within so short a timeout; the cache gave up in time.
        assert.ok((filesOf(run) ?? []).length === 1, explain(run));
        assert.match(
          warningsOf(run).join('\n'),
          /looking up the cache took longer than 2\.5 s; going on without it/,
          explain(run),
        );
      } finally {
        cache.mode = 'ok';
      }
    });
  });

  describe('10. links and text', () => {
    it('refuses a commit SHA from the API that is not 40 or 64 hex characters', async () => {
      const workspace = await tempWorkspace();
      await writeCheckout(workspace, FAKE_GITHUB_TOKEN, { 'docs/a.docx': 'document a' });
      const hostileSha = `${'0'.repeat(40)}/../../../../evil/repo`;
      api.intercept = (request, _url, res) => {
        const answer = (body: unknown) => {
          res.writeHead(201, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
          return true;
        };
        if (request.method === 'POST' && request.path.endsWith('/git/commits'))
          return answer({ sha: hostileSha });
        if (request.method === 'PATCH' && decodeURIComponent(request.path).includes('/git/refs/heads/')) {
          return answer({ ref: 'refs/heads/main', object: { sha: hostileSha } });
        }
        return false;
      };
      const run = await pushRun(workspace, { path: 'docs', format: 'pdf', publish: 'commit' });
      const commitSha = run.outputs['commit-sha'];
      assert.ok(commitSha === undefined || /^[0-9a-f]{40}$/.test(commitSha), `commit-sha ${commitSha}`);
      for (const [where, text] of Object.entries({
        summary: run.summary,
        outputs: JSON.stringify(run.outputs),
        log: run.stdout,
      })) {
        assert.ok(!text.includes('evil'), `${where}: ${text.slice(0, 2000)}`);
      }
      assert.match(run.stdout, /commit SHA that is not 40 or 64 hex characters/, explain(run));
    });

    it('neutralises bidi controls in names shown in the log, the summary and the comment', async () => {
      const workspace = await tempWorkspace();
      const name = 'docs/invoice\u202Excod.docx';
      await writeCheckout(workspace, FAKE_GITHUB_TOKEN, { [name]: 'a crafted name' });
      const event = await writePullRequestEvent(path.join(runnerTemp, 'pr.json'), { number: 9 });
      const run = await runAction({
        workspace,
        inputs: {
          ...CLIENT,
          'api-base-url': emulator.url,
          path: 'docs',
          format: 'pdf',
          publish: 'none',
          'pr-comment': 'true',
          'changed-only': 'false',
        },
        env: {
          RUNNER_TEMP: runnerTemp,
          GITHUB_API_URL: api.url,
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: event,
        },
      });
      assert.equal((filesOf(run) ?? [])[0]?.status, 'converted', explain(run));
      const comment = api.comments.get(9)?.[0]?.body ?? '';
      assert.ok(comment !== '', explain(run));
      const bidi = /[\u202a-\u202e\u2066-\u2069]/;
      for (const [where, text] of Object.entries({ log: run.stdout, summary: run.summary, comment })) {
        assert.doesNotMatch(text, bidi, where);
        assert.match(text, /invoice\\?%E2\\?%80\\?%AExcod/, where);
      }
    });
  });
});
