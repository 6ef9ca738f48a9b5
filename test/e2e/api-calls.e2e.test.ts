import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, type EmulatorStats, startEmulator } from '../emulator/server.ts';
import { listFiles, sha256Of, writeDocumentTree } from './fixtures.ts';
import {
  type ActionRun,
  bundle,
  explain,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
} from './run-action.ts';

const CLIENT_ID = 'calls-client-id';
const CLIENT_SECRET = 'calls-Client-Secret-77f0';

/** The emulator's own per-route counts, in the kinds of the action's account. */
function accountOf(stats: EmulatorStats): Record<string, number> {
  const r = stats.requests;
  const kinds = {
    token: r.token,
    formats: r.formats,
    upload: r.upload,
    start: r.start + r.directStart,
    status: r.status,
    download: r.download + r.directResult,
    exists: r.exists,
    delete: r.deleteFile + r.deleteFolder,
  };
  assert.equal(r.other, 0, 'the action sent a request the account has no kind for');
  return { ...kinds, total: Object.values(kinds).reduce((a, b) => a + b, 0) };
}

function callsOf(run: ActionRun): Record<string, number> {
  return JSON.parse(run.outputs['api-calls'] ?? 'null') as Record<string, number>;
}

describe('the api-calls account against the emulator’s own counts', { concurrency: false }, () => {
  let emulator: Emulator;

  before(async () => {
    assert.ok(existsSync(bundle), 'dist/index.js is missing: run npm run build');
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      conversion: { fixedMs: 20, perKbMs: 0, jitterMs: 30 },
      capacity: 8,
      seed: 5,
    });
  });
  after(async () => {
    await emulator.close();
    await removeTempWorkspaces();
  });

  const inputs = (more: Record<string, string>) => ({
    'client-id': CLIENT_ID,
    'client-secret': CLIENT_SECRET,
    'api-base-url': emulator.url,
    path: 'docs',
    'poll-interval': '50ms',
    publish: 'none',
    ...more,
  });

  it('direct flow: every attempt counted, through 429 and 503 answers; no upload, no delete', async () => {
    const workspace = await tempWorkspace();
    const sources = await writeDocumentTree(workspace, 8);
    emulator.resetStats();
    emulator.options.faults = { rate429: 0.2, retryAfterSeconds: 0, rate5xx: 0.1, status5xx: 503 };
    let run: ActionRun;
    try {
      run = await runAction({ workspace, inputs: inputs({ format: 'pdf' }) });
    } finally {
      emulator.options.faults = undefined;
    }
    const stats = emulator.stats();
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(run.outputs.converted, String(sources.length));
    assert.ok(stats.faultsInjected['429'] + stats.faultsInjected['5xx'] > 3, 'the run met too few faults');
    assert.deepEqual(callsOf(run), accountOf(stats));
    assert.equal(callsOf(run).upload, 0);
    assert.equal(callsOf(run).delete, 0);
    assert.deepEqual(await emulator.listStorage(''), [], 'the direct flow put something in storage');
    // Each result is its own source's conversion, under the planned name.
    for (const source of sources) {
      const output = path.join(workspace, 'converted', source.replace(/\.[^.]+$/, '.pdf'));
      const text = await readFile(output, 'latin1');
      assert.ok(text.includes(`sha256: ${await sha256Of(path.join(workspace, source))}`), output);
    }
    const total = callsOf(run).total;
    assert.match(run.summary, new RegExp(`\\*\\*${total} calls\\*\\* to the conversion service: token \\d+`));
  });

  it('storage flow (options given): uploads and the folder delete counted too, through faults', async () => {
    const workspace = await tempWorkspace();
    const sources = await writeDocumentTree(workspace, 5);
    emulator.resetStats();
    emulator.options.faults = { rate429: 0.15, retryAfterSeconds: 0, rate5xx: 0.1, status5xx: 503 };
    let run: ActionRun;
    try {
      run = await runAction({
        workspace,
        inputs: inputs({ format: 'pdf, png', 'convert-options': '{"fromPage": 1}' }),
      });
    } finally {
      emulator.options.faults = undefined;
    }
    const stats = emulator.stats();
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(run.outputs.converted, String(sources.length * 2));
    assert.deepEqual(callsOf(run), accountOf(stats));
    assert.ok((callsOf(run).upload ?? 0) >= sources.length, 'one upload per document, shared by its formats');
    assert.ok((callsOf(run).delete ?? 0) >= 1, 'the run folder is deleted');
    assert.deepEqual(await emulator.listStorage(''), []);
  });

  it('direct flow: a hostile result name is never used; the result takes the planned name', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 1);
    await writeFile(path.join(workspace, 'docs/escape attempt.docx'), 'evil');
    emulator.resetStats();
    const run = await runAction({ workspace, inputs: inputs({ format: 'pdf' }) });
    assert.equal(run.exitCode, 0, explain(run));
    const files = await listFiles(workspace);
    assert.ok(files.includes('converted/docs/escape attempt.pdf'), files.join(', '));
    assert.ok(!files.some((f) => f.includes('escaped')), files.join(', '));
    assert.deepEqual(callsOf(run), accountOf(emulator.stats()));
  });

  it('a dry run reports zero calls', async () => {
    const workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 2);
    emulator.resetStats();
    const run = await runAction({ workspace, inputs: inputs({ format: 'pdf', 'dry-run': 'true' }) });
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(callsOf(run).total, 0);
    assert.equal(emulator.stats().totalRequests, 0);
  });
});
