/**
 * The engine over UNO with a real LibreOffice: a document that hangs in the middle of a worker's session is
 * stopped at its own time limit, alone; the documents after it convert on a fresh LibreOffice and helper.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DownloadBudget } from '../../../../src/convert/download-budget.ts';
import { confinementWith } from '../../../../src/convert/engines/libreoffice/confinement.ts';
import { LibreOfficeEngine } from '../../../../src/convert/engines/libreoffice/engine.ts';
import { findSoffice } from '../../../../src/convert/engines/libreoffice/soffice.ts';
import type { ConversionJob } from '../../../../src/plan/types.ts';
import { repoRoot } from '../../../e2e/run-action.ts';
import { isAlive, sabotagingSoffice, unoPythonBeside } from './fake-soffice.ts';

const soffice = findSoffice(process.env.PATH ?? '');
const unoReady = soffice !== undefined && spawnSync('/usr/bin/python3', ['-c', 'import uno']).status === 0;
const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

describe('LibreOfficeEngine over UNO, with a real LibreOffice', () => {
  it('stops a document that hangs mid-session at its own limit, kills LibreOffice and its helper, and converts the rest on fresh ones', {
    skip: !unoReady && process.env.CI !== 'true' ? 'soffice or python3-uno is not installed' : false,
  }, async () => {
    assert.ok(unoReady, 'soffice and python3-uno are needed, and CI=true: .ci/run must install them');
    const root = await mkdtemp(path.join(os.tmpdir(), 'lo-uno-session-'));
    roots.push(root);
    const bin = path.join(root, 'bin');
    const servers = path.join(root, 'servers');
    const bridges = path.join(root, 'bridges');
    await sabotagingSoffice(bin, soffice as string, servers, 'no-client-sees-this', 'STOP');
    await unoPythonBeside(bin, bridges, { serverLog: servers, victim: 'hang.odt', signal: 'STOP' });
    await mkdir(path.join(root, 'temp'));
    const engine = new LibreOfficeEngine({
      soffice: path.join(bin, 'soffice'),
      temporaryRoot: path.join(root, 'temp'),
      fonts: undefined,
      documentTimeLimitMs: 15_000,
      env: { PATH: process.env.PATH ?? '' },
      downloads: new DownloadBudget({ maxDownloadBytes: 1024 ** 3, maxTotalDownloadBytes: 1024 ** 3 }),
      confinement: confinementWith(undefined, process.geteuid?.() ?? 0),
    });
    const states: Record<string, string> = {};
    try {
      for (const name of ['a', 'b', 'hang', 'd', 'e']) {
        const source = path.join(root, `${name}.odt`);
        await copyFile(path.join(repoRoot, 'test/fixtures/documents/notes.odt'), source);
        const job: ConversionJob = {
          id: name,
          documentIndex: 0,
          source: {
            absolutePath: source,
            workspacePath: `docs/${name}.odt`,
            outputSubdir: '',
            stem: name,
            extension: 'odt',
            sizeBytes: 1,
          },
          format: 'pdf',
          outputDirectory: path.join(root, 'converted'),
          expectedOutput: `converted/${name}.pdf`,
        };
        const signal = AbortSignal.timeout(120_000);
        const state = await engine.settled(await engine.submit(job, signal));
        states[name] = state.state === 'failed' ? `failed: ${state.error}` : state.state;
      }
    } finally {
      await engine.cleanup();
    }
    assert.deepEqual(states, {
      a: 'finished',
      b: 'finished',
      hang: 'failed: LibreOffice did not finish within 15s; it was stopped',
      d: 'finished',
      e: 'finished',
    });
    const pids = (file: string) =>
      readFile(file, 'utf8').then((text) =>
        text
          .trim()
          .split('\n')
          .map((line) => Number(line.split(' ').at(-1))),
      );
    assert.equal((await pids(servers)).length, 2, 'a fresh LibreOffice after the hang');
    assert.equal((await pids(bridges)).length, 2, 'and a fresh helper');
    for (const pid of [...(await pids(servers)), ...(await pids(bridges))])
      assert.equal(isAlive(pid), false, `process ${pid} is gone after cleanup`);
  });
});
