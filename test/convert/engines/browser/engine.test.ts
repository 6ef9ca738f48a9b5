/**
 * The browser engine with the machine's own Chromium, driven directly (not through the bundle) where a test needs a
 * limit or a crash no run's input can give: one document's limit, and a browser that crashes twice. Skipped without
 * a browser, failed without one under CI=true (.ci/run installs chromium).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BrowserSession } from '../../../../src/convert/engines/browser/browser-session.ts';
import { BrowserEngine } from '../../../../src/convert/engines/browser/engine.ts';
import { findBrowser } from '../../../../src/convert/engines/browser/find-browser.ts';
import type { OperationState } from '../../../../src/convert/engines/engine.ts';
import type { ConversionJob } from '../../../../src/plan/types.ts';

const executable = findBrowser(process.env.CHROME_PATH ?? '', process.env.PATH ?? '');
const skip =
  executable !== undefined || process.env.CI === 'true' ? false : 'needs Chromium (apt-get install chromium)';
const runsAsRoot = process.getuid?.() === 0;

let root = '';
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'browser-engine-'));
});
after(() => rm(root, { recursive: true, force: true }));

function jobFor(workspace: string, file: string, index: number): ConversionJob {
  const stem = path.basename(file, path.extname(file));
  return {
    id: `${index}-pdf`,
    documentIndex: index,
    format: 'pdf',
    outputDirectory: path.join(workspace, 'out'),
    expectedOutput: `out/${stem}.pdf`,
    source: {
      absolutePath: path.join(workspace, file),
      workspacePath: file,
      outputSubdir: '',
      stem,
      extension: path.extname(file).slice(1),
      sizeBytes: 1,
    },
  };
}

describe('the browser engine', { skip }, () => {
  it('closes a page past its document’s limit and fails that document alone', async () => {
    assert.ok(executable, 'no browser, and CI=true: .ci/run must install chromium');
    const workspace = path.join(root, 'limit');
    await mkdir(workspace);
    const rows = Array.from({ length: 120_000 }, (_, i) => `<tr><td>row ${i}</td><td>cell ${i}</td></tr>`);
    await writeFile(path.join(workspace, 'huge.html'), `<table>${rows.join('')}</table>`);
    await writeFile(path.join(workspace, 'small.html'), '<h1>Small page</h1>');
    const engine = new BrowserEngine({
      executable,
      temporaryRoot: root,
      workspace,
      pageSize: 'A4',
      documentTimeLimitMs: 15_000,
      env: { PATH: process.env.PATH ?? '' },
      runsAsRoot,
      repositoryBlobBase: undefined,
      warn: () => {},
    });
    const run = new AbortController();
    try {
      const jobs = [jobFor(workspace, 'huge.html', 0), jobFor(workspace, 'small.html', 1)];
      const states: OperationState[] = await Promise.all(
        jobs.map(async (job) => engine.settled(await engine.submit(job, run.signal))),
      );
      assert.deepEqual(states[0], {
        state: 'failed',
        error: 'the browser did not finish it within 15s; its page was closed',
      });
      assert.equal(states[1]?.state, 'finished', JSON.stringify(states[1]));
    } finally {
      await engine.cleanup();
    }
  });

  it('starts the browser ahead of the first page, once, and the page comes from that browser', async () => {
    assert.ok(executable, 'no browser, and CI=true: .ci/run must install chromium');
    let started: () => void = () => {};
    const startedOnce = new Promise<void>((resolve) => {
      started = resolve;
    });
    const session = new BrowserSession({
      executable,
      profilesRoot: path.join(root, 'early-profiles'),
      env: { PATH: process.env.PATH ?? '' },
      runsAsRoot,
      onStart: () => started(),
    });
    try {
      session.start();
      session.start();
      await startedOnce;
      const opened = await session.openPage();
      assert.equal(session.starts, 1);
      assert.equal(opened.reused, false);
    } finally {
      await session.close();
    }
    session.start();
    assert.equal(session.starts, 1, 'no start after close');
  });

  it('starts the browser again after one crash, and not after a second', async () => {
    assert.ok(executable, 'no browser, and CI=true: .ci/run must install chromium');
    const starts: number[] = [];
    const session = new BrowserSession({
      executable,
      profilesRoot: path.join(root, 'crash-profiles'),
      env: { PATH: process.env.PATH ?? '' },
      runsAsRoot,
      onStart: ({ pid }) => starts.push(pid ?? 0),
    });
    try {
      const crash = async () => {
        const opened = await session.openPage();
        const gone = new Promise((resolve) => opened.page.browser().once('disconnected', resolve));
        process.kill(starts.at(-1) ?? 0, 'SIGKILL');
        await gone;
        assert.equal(opened.browserCrashed(), true);
      };
      await crash();
      await crash();
      assert.equal(starts.length, 2);
      await assert.rejects(
        session.openPage(),
        /the browser crashed 2 times in this run and is not started again/,
      );
    } finally {
      await session.close();
    }
  });
});
