import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { startGitHubApi } from '../stand-ins/github-api.ts';
import { listFiles, sha256Of, writeDocumentTree } from './fixtures.ts';
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

const CLIENT_ID = 'e2e-client-id';
const CLIENT_SECRET = 'e2e-Client-Secret-4c1f9b7a2d';

describe('the bundled action against the emulator', { concurrency: false }, () => {
  let emulator: Emulator;

  before(async () => {
    assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build:test (npm test does)`);
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      conversion: { fixedMs: 20, perKbMs: 0, jitterMs: 30 },
      // Far above any concurrency below: the action's own limit, not the service's, is what keeps runs in bounds.
      capacity: 64,
      seed: 7,
    });
  });
  after(async () => {
    await emulator.close();
    await removeTempWorkspaces();
  });

  const credentials = () => ({
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
    'api-base-url': emulator.url,
  });

  /** `::add-mask::` lines are how the runner learns what to hide; they never reach the log. Everything else must not hold a secret. */
  const assertNoSecretLeaked = (run: ActionRun, secretGiven = true) => {
    const maskCommands = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    if (secretGiven) {
      assert.ok(
        maskCommands.includes(`::add-mask::${CLIENT_SECRET}`),
        'the secret was not registered as a secret',
      );
    }
    const logged = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    const everything = `${logged}\n${run.stderr}\n${run.summary}\n${JSON.stringify(run.outputs)}`;
    assert.ok(!everything.includes(CLIENT_SECRET), 'the client secret was printed');
    assert.ok(!everything.includes(FAKE_GITHUB_TOKEN), 'the GitHub token was printed');
    for (const token of emulator.stats().tokensIssued) {
      assert.ok(!everything.includes(token), 'a bearer token was printed');
    }
  };

  const assertStorageEmpty = async () => {
    assert.deepEqual(await emulator.listStorage(''), [], 'the run left files in the service storage');
  };

  it('converts a tree of awkward names to two formats and an image format, each output from its own source', async () => {
    const workspace = await tempWorkspace();
    const sources = await writeDocumentTree(workspace, 32);
    emulator.resetStats();
    const run = await runAction({
      workspace,
      inputs: {
        ...credentials(),
        path: 'docs',
        format: 'pdf, html\npng',
        'base-dir': 'docs',
        concurrency: '8',
      },
      env: { ACTIONS_STEP_DEBUG: 'true' },
    });
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(run.outputs.converted, String(sources.length * 3));
    assert.equal(run.outputs.failed, '0');
    assert.equal(run.outputs['timed-out'], '0');
    assert.equal(run.outputs['output-dir'], path.join(workspace, 'converted'));

    const files = filesOf(run);
    assert.equal(files.length, sources.length * 3);
    for (const entry of files) {
      assert.equal(entry.status, 'converted', JSON.stringify(entry));
      const relative = entry.source.replace(/^docs\//, '');
      const stem = relative.replace(/\.[^./]+$/, '');
      const expected =
        entry.format === 'png'
          ? [1, 2, 3].map((n) => `converted/${stem}-page-${n}.png`)
          : [`converted/${stem}.${entry.format}`];
      assert.deepEqual(entry.outputs, expected);
      const hash = await sha256Of(path.join(workspace, entry.source));
      for (const output of entry.outputs) {
        const content = await readFile(path.join(workspace, output), 'latin1');
        assert.ok(content.includes(`sha256: ${hash}`), `${output} was not made from ${entry.source}`);
        assert.ok(content.includes(path.basename(entry.source)) || /[^\x20-\x7e]/.test(entry.source));
      }
    }
    const written = await listFiles(path.join(workspace, 'converted'));
    assert.equal(written.length, sources.length * 5 + 1, 'an unexpected file was written');
    assert.equal(run.outputs.report, path.join(workspace, 'converted', 'conversion-report.json'));
    const report = JSON.parse(await readFile(run.outputs.report, 'utf8')) as { files: FileEntry[] };
    assert.deepEqual(report.files, files, 'the report holds the same entries as the files output');

    assert.match(run.summary, /\| Document \| Format \| Status \| Outputs or reason \| Time \|/);
    assert.match(run.summary, new RegExp(`${sources.length * 3} converted, 0 failed, 0 timed out`));
    assert.match(run.stdout, /::group::Convert/);
    const stats = emulator.stats();
    assert.equal(stats.requests.upload, sources.length, 'each source is uploaded once for all its formats');
    assert.equal(stats.requests.formats, 1, 'supported formats are read once per run');
    assert.ok(stats.peakConversions <= 8, `${stats.peakConversions} conversions at once with concurrency 8`);
    assertNoSecretLeaked(run);
    await assertStorageEmpty();
  });

  it('never has more than `concurrency` conversions at the service, though it would take more', async () => {
    const workspace = await tempWorkspace();
    const sources = await writeDocumentTree(workspace, 12);
    emulator.resetStats();
    const run = await runAction({
      workspace,
      inputs: { ...credentials(), path: 'docs', format: 'pdf', concurrency: '2', 'poll-interval': '50ms' },
    });
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(run.outputs.converted, String(sources.length));
    const stats = emulator.stats();
    assert.equal(stats.operations.length, sources.length);
    assert.ok(stats.peakConversions >= 1 && stats.peakConversions <= 2, `peak ${stats.peakConversions}`);
  });

  it('converts every document through a storm of 5xx, 429, dropped connections and expiring tokens', async () => {
    const workspace = await tempWorkspace();
    const sources = await writeDocumentTree(workspace, 16);
    emulator.resetStats();
    emulator.options.faults = { rate5xx: 0.15, rate429: 0.1, retryAfterSeconds: 1, rateDrop: 0.03 };
    emulator.options.tokenLifetimeSeconds = 2;
    try {
      const run = await runAction({
        workspace,
        inputs: {
          ...credentials(),
          path: 'docs/**/*.docx\ndocs/**/*.md',
          format: 'pdf',
          concurrency: '6',
          'poll-interval': '100ms',
        },
      });
      const expected = sources.filter((s) => /\.(docx|md)$/.test(s)).length;
      assert.equal(run.exitCode, 0, explain(run));
      assert.equal(run.outputs.converted, String(expected));
      const faults = emulator.stats().faultsInjected;
      assert.ok(
        faults['5xx'] > 0 && faults['429'] > 0,
        `the storm was too mild to test anything: ${JSON.stringify(faults)}`,
      );
      assertNoSecretLeaked(run);
    } finally {
      emulator.options.faults = {};
      emulator.options.tokenLifetimeSeconds = 3600;
    }
    await assertStorageEmpty();
  });

  it('waits as long as a 429 asks (Retry-After) before repeating the request, on the service’s clock', async () => {
    const workspace = await tempWorkspace();
    const sources = await writeDocumentTree(workspace, 2);
    emulator.resetStats();
    emulator.options.faults = { throttle: { upload: 1, status: 1 }, retryAfterSeconds: 1 };
    try {
      const run = await runAction({
        workspace,
        // Options keep the storage flow, whose upload is throttled here.
        inputs: {
          ...credentials(),
          path: 'docs',
          format: 'pdf',
          'poll-interval': '50ms',
          'convert-options': '{"fromPage": 1}',
        },
      });
      assert.equal(run.exitCode, 0, explain(run));
      assert.equal(run.outputs.converted, String(sources.length));
    } finally {
      emulator.options.faults = {};
    }
    const { log, faultsInjected } = emulator.stats();
    assert.equal(faultsInjected['429'], 2);
    for (const [index, throttled] of log.entries()) {
      if (throttled.fault !== '429') continue;
      const retry = log
        .slice(index + 1)
        .find((r) => r.method === throttled.method && r.target === throttled.target);
      assert.ok(retry, `${throttled.method} ${throttled.target} was not repeated`);
      // The server stamps the 429 before the client reads it, so the gap includes the whole wait; 5 ms of slack
      // for timer rounding.
      assert.ok(
        retry.at - throttled.at >= 1000 - 5,
        `${throttled.kind} repeated ${(retry.at - throttled.at).toFixed(0)} ms after a 429 asking for 1 s`,
      );
    }
  });

  it('registers every bearer token as a secret before any line that holds it, even when the service echoes it', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 2);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      path.join(workspace, 'docs/echo-auth.docx'),
      'the service echoes the Authorization header',
    );
    emulator.resetStats();
    const run = await runAction({
      workspace,
      inputs: {
        ...credentials(),
        path: 'docs',
        format: 'pdf',
        'fail-on-error': 'false',
        'convert-options': '{"fromPage": 1}', // the storage flow, where the emulator echoes the header
      },
      env: { ACTIONS_STEP_DEBUG: 'true' },
    });
    assert.equal(run.exitCode, 0, explain(run));
    const echoed = filesOf(run).find((f) => f.source.endsWith('echo-auth.docx'));
    assert.equal(echoed?.status, 'failed');
    assert.match(echoed?.error ?? '', /Request refused \(Authorization: Bearer /, 'the service did echo it');
    const tokens = emulator.stats().tokensIssued;
    assert.ok(tokens.length > 0);
    const lines = run.stdout.split('\n');
    for (const token of tokens) {
      const masked = lines.indexOf(`::add-mask::${token}`);
      assert.ok(masked >= 0, 'a bearer token was not registered with the runner as a secret');
      const firstUse = lines.findIndex((line) => line.includes(token) && !line.startsWith('::add-mask::'));
      assert.ok(firstUse === -1 || firstUse > masked, 'a line held a token before it was masked');
    }
    const kept = `${run.summary}\n${JSON.stringify(run.outputs)}`;
    for (const token of tokens)
      assert.ok(!kept.includes(token), 'a token reached the outputs or the summary');
  });

  it('writes the outputs and the summary of every document when publishing fails, then fails the step', async () => {
    const github = await startGitHubApi('octo', 'docs');
    try {
      github.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'read', pullRequests: 'read' });
      const workspace = await tempWorkspace();
      const sources = await writeDocumentTree(workspace, 3);
      const run = await runAction({
        workspace,
        inputs: { ...credentials(), path: 'docs', format: 'pdf', publish: 'commit' },
        env: { GITHUB_API_URL: github.url, GITHUB_SERVER_URL: github.url },
      });
      assert.equal(run.exitCode, 1, explain(run));
      assert.match(run.stdout, /::error::publishing failed: .*commit/);
      assert.ok(
        github.requests.length > 0,
        'the commit was attempted (and refused: the token can only read)',
      );
      assert.equal(run.outputs.converted, String(sources.length));
      assert.equal(run.outputs.failed, '0');
      assert.deepEqual(
        filesOf(run).map((f) => f.status),
        sources.map(() => 'converted'),
      );
      assert.match(run.summary, new RegExp(`${sources.length} converted, 0 failed, 0 timed out`));
      const rows = run.summary.split('\n').filter((line) => line.includes('| ✅ converted |'));
      assert.equal(rows.length, sources.length, 'every document has its row in the summary');
    } finally {
      await github.close();
    }
  });

  it('reports a corrupt document as failed and a hanging one as timed out at the deadline, keeping the good ones', {
    timeout: 60_000, // a guard against a run that never ends, not a speed check
  }, async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 6);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(workspace, 'docs/corrupt scan.docx'), 'broken');
    await writeFile(path.join(workspace, 'docs/hang forever.docx'), 'never ends');
    const run = await runAction({
      workspace,
      inputs: { ...credentials(), path: 'docs', format: 'pdf', timeout: '3s', 'poll-interval': '100ms' },
    });
    assert.equal(run.exitCode, 1, explain(run));
    const files = filesOf(run);
    const byName = new Map(files.map((f) => [path.basename(f.source), f]));
    assert.equal(byName.get('corrupt scan.docx')?.status, 'failed');
    assert.match(byName.get('corrupt scan.docx')?.error ?? '', /corrupt/i);
    assert.equal(byName.get('hang forever.docx')?.status, 'timed-out');
    assert.match(byName.get('hang forever.docx')?.error ?? '', /timeout/);
    assert.equal(run.outputs.converted, String(files.length - 2));
    assert.equal(run.outputs.failed, '1');
    assert.equal(run.outputs['timed-out'], '1');
    assert.match(run.stdout, /::error title=Conversion failed,file=docs\/corrupt scan.docx::/);
    assert.match(
      run.stdout,
      /::error::2 of \d+ conversions did not succeed: .*corrupt scan\.docx.*hang forever\.docx/,
    );
    assert.match(run.summary, /timed out/);
    assertNoSecretLeaked(run);
    await assertStorageEmpty();
  });

  it('keeps results and exits 0 with fail-on-error: false', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 2);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(workspace, 'docs/corrupt.docx'), 'broken');
    const run = await runAction({
      workspace,
      inputs: { ...credentials(), path: 'docs', format: 'pdf', 'fail-on-error': 'false' },
    });
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(run.outputs.failed, '1');
    assert.equal(run.outputs.converted, '2');
    assert.match(run.stdout, /::warning::1 of 3 conversions did not succeed/);
  });

  it('says once, for every document, that the credentials were rejected, and sends nothing else', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 5);
    emulator.resetStats();
    const run = await runAction({
      workspace,
      inputs: { ...credentials(), 'client-secret': 'not-the-secret-7d1e', path: 'docs', format: 'pdf' },
    });
    assert.equal(run.exitCode, 1, explain(run));
    const files = filesOf(run);
    assert.equal(files.length, 5);
    for (const entry of files) {
      assert.equal(entry.status, 'failed');
      assert.match(entry.error ?? '', /rejected the client credentials/);
    }
    const stats = emulator.stats();
    assert.equal(stats.requests.token, 1, 'one rejected token request is enough to know');
    assert.equal(stats.totalRequests, 1);
    assert.ok(
      !run.stdout.includes('Could not delete'),
      'nothing was uploaded, so there is nothing to clean up',
    );
    assert.ok(!run.stdout.replace(/^::add-mask::.*$/gm, '').includes('not-the-secret-7d1e'));
  });

  it('never writes outside output-dir when the service sends hostile result names, one file or one per page', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 2);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(workspace, 'docs/escape attempt.docx'), 'evil');
    const before = await listFiles(workspace);
    // Convert options keep the storage flow, whose results come with the names the server gives them (the direct
    // flow never uses a server's name: its one result takes the planned name).
    const run = await runAction({
      workspace,
      inputs: { ...credentials(), path: 'docs', format: 'pdf, png', 'convert-options': '{"fromPage": 1}' },
    });
    assert.equal(run.exitCode, 1, explain(run));
    const entries = filesOf(run).filter((f) => f.source.endsWith('escape attempt.docx'));
    // A single result takes its planned name whatever the server calls it; pages must carry the document's own stem.
    assert.deepEqual(
      entries.map((f) => [f.format, f.status]),
      [
        ['pdf', 'converted'],
        ['png', 'failed'],
      ],
    );
    assert.deepEqual(entries[0]?.outputs, ['converted/docs/escape attempt.pdf']);
    const pages = entries.find((f) => f.format === 'png');
    assert.equal(pages?.status, 'failed');
    assert.match(pages?.error ?? '', /named a result "\.\.\/\.\.\/escaped-page-1\.png"/);
    const after = await listFiles(workspace);
    const added = after.filter((f) => !before.includes(f));
    assert.ok(
      added.every((f) => f.startsWith('converted/')),
      `files written outside output-dir: ${added.join(', ')}`,
    );
    assert.ok(!existsSync(path.join(workspace, '..', 'escaped.pdf')));
    assert.ok(!added.some((f) => f.includes('escaped')));
    await assertStorageEmpty();
  });

  it('cleans up and reports what finished when the runner cancels the job', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 3);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(workspace, 'docs/hang.docx'), 'never ends');
    const run = await runAction({
      workspace,
      inputs: { ...credentials(), path: 'docs', format: 'pdf', 'poll-interval': '100ms' },
      // Cancelled once the three ordinary documents are reported done, the hanging one still pending.
      signalWhen: { signal: 'SIGTERM', ready: (stdout) => (stdout.match(/^✓ /gm) ?? []).length >= 3 },
    });
    assert.equal(run.exitCode, 1, explain(run));
    const hang = filesOf(run).find((f) => f.source.endsWith('hang.docx'));
    assert.equal(hang?.status, 'timed-out');
    assert.match(hang?.error ?? '', /cancelled \(SIGTERM\)/);
    assert.equal(run.outputs.converted, '3');
    assert.match(run.stdout, /::warning::The job was cancelled: nothing was published\./);
    assert.ok(!run.stdout.includes('::group::Publish'));
    assert.match(run.summary, /3 converted, 0 failed, 1 timed out, of 4\./);
    await assertStorageEmpty();
  });

  it('prints the plan and calls nothing in a dry run', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 4);
    emulator.resetStats();
    const run = await runAction({
      workspace,
      inputs: { path: 'docs', format: 'pdf', 'dry-run': 'true', 'api-base-url': emulator.url },
    });
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(emulator.stats().totalRequests, 0);
    assert.match(run.stdout, /docs\/section 0\/a #1\.docx → converted\/docs\/section 0\/a #1\.pdf/);
    assert.deepEqual(
      filesOf(run).map((f) => f.status),
      ['planned', 'planned', 'planned', 'planned'],
    );
    assert.ok(!existsSync(path.join(workspace, 'converted')));
    assert.ok(
      !run.outputs.report?.startsWith(workspace),
      'a dry run writes its report outside the workspace',
    );
  });

  describe('rejects bad input before any request', () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['an unknown format', { format: 'pfd' }, /"format".*pfd/],
      ['concurrency 0', { concurrency: '0' }, /"concurrency".*"0"/],
      ['timeout soon', { timeout: 'soon' }, /"timeout".*"soon"/],
      ['malformed load-options', { 'load-options': '{"password": ' }, /"load-options"/],
      ['malformed convert-options', { 'convert-options': '[1, 2]' }, /"convert-options"/],
      ['output-dir outside the workspace', { 'output-dir': '../elsewhere' }, /"output-dir".*\.\.\/elsewhere/],
      ['missing credentials', { 'client-id': '', 'client-secret': '' }, /"client-id"|"client-secret"/],
      ['a bad if-no-files-found', { 'if-no-files-found': 'maybe' }, /"if-no-files-found".*"maybe"/],
      ['a bad publish target', { publish: 'ftp' }, /"publish".*ftp/],
    ];
    for (const [what, inputs, message] of cases) {
      it(what, async () => {
        const workspace = await tempWorkspace();
        await writeDocumentTree(workspace, 1);
        emulator.resetStats();
        const run = await runAction({
          workspace,
          inputs: { ...credentials(), path: 'docs', format: 'pdf', ...inputs },
        });
        assert.equal(run.exitCode, 1, explain(run));
        assert.match(run.stdout, /::error::/);
        assert.match(run.stdout, message);
        assert.equal(emulator.stats().totalRequests, 0, 'a request reached the service');
        assertNoSecretLeaked(run, inputs['client-secret'] !== '');
      });
    }

    it('a path pattern that leads outside the workspace through a symlink', async () => {
      const workspace = await tempWorkspace();
      const outside = await tempWorkspace();
      await writeDocumentTree(outside, 1);
      await symlink(path.join(outside, 'docs'), path.join(workspace, 'linked'));
      emulator.resetStats();
      const run = await runAction({ workspace, inputs: { ...credentials(), path: 'linked', format: 'pdf' } });
      assert.equal(run.exitCode, 1, explain(run));
      assert.match(run.stdout, /outside the workspace/);
      assert.equal(emulator.stats().totalRequests, 0);
      await rm(outside, { recursive: true });
    });
  });

  it('follows if-no-files-found', async () => {
    const workspace = await tempWorkspace();
    const warn = await runAction({
      workspace,
      inputs: { ...credentials(), path: 'nothing/*.docx', format: 'pdf' },
    });
    assert.equal(warn.exitCode, 0, explain(warn));
    assert.match(warn.stdout, /::warning::No files were found/);
    assert.equal(warn.outputs.converted, '0');
    const error = await runAction({
      workspace,
      inputs: { ...credentials(), path: 'nothing/*.docx', format: 'pdf', 'if-no-files-found': 'error' },
    });
    assert.equal(error.exitCode, 1);
    assert.match(error.stdout, /::error::No files were found/);
  });
});
