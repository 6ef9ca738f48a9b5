import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requireLocalPrograms } from '../../../../src/convert/engines/local/programs.ts';
import { programFor, programsNeeded } from '../../../../src/convert/engines/local/routes.ts';
import { jobOf } from '../../../job-fixture.ts';

let root = '';
let both = '';
let onlySoffice = '';
let onlyBrowser = '';

async function folderWith(name: string, programs: string[]): Promise<string> {
  const folder = path.join(root, name);
  await mkdir(folder, { recursive: true });
  for (const program of programs) {
    await writeFile(path.join(folder, program), '#!/bin/sh\n');
    await chmod(path.join(folder, program), 0o755);
  }
  return folder;
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'local-programs-'));
  both = await folderWith('both', ['soffice', 'chromium']);
  onlySoffice = await folderWith('soffice', ['soffice']);
  onlyBrowser = await folderWith('browser', ['google-chrome']);
});
after(() => rm(root, { recursive: true, force: true }));

const runner = (searchPath: string) => ({ searchPath, chromePath: '' });
const needs = (...extensions: string[]) =>
  programsNeeded(extensions.map((extension) => jobOf(extension, 'pdf')));

describe('engine local routes', () => {
  it('Markdown and HTML to the browser, everything else to LibreOffice', () => {
    for (const extension of ['md', 'markdown', 'html', 'htm']) assert.equal(programFor(extension), 'browser');
    for (const extension of ['docx', 'xlsx', 'pptx', 'odt', 'txt', 'rtf', '']) {
      assert.equal(programFor(extension), 'libreoffice');
    }
  });
});

describe('the programs a run needs', () => {
  it('are found when present, and only those the documents need', () => {
    assert.deepEqual(requireLocalPrograms('local', needs('md', 'docx'), runner(both)), {
      browser: path.join(both, 'chromium'),
      soffice: path.join(both, 'soffice'),
    });
    assert.deepEqual(requireLocalPrograms('local', needs('md'), runner(onlyBrowser)), {
      browser: path.join(onlyBrowser, 'google-chrome'),
    });
    assert.deepEqual(requireLocalPrograms('local', needs('docx'), runner(onlySoffice)), {
      soffice: path.join(onlySoffice, 'soffice'),
    });
  });

  it('stop the run with one error naming the browser to install when Markdown needs one', () => {
    assert.throws(
      () => requireLocalPrograms('local', needs('md', 'docx'), runner(onlySoffice)),
      (error: Error) =>
        /^Input "engine" is "local" but this runner lacks what its documents need/.test(error.message) &&
        /Chrome or Chromium/.test(error.message) &&
        /apt-get install -y chromium/.test(error.message) &&
        !/soffice/.test(error.message),
    );
  });

  it('name both in one error when both are missing', () => {
    assert.throws(
      () => requireLocalPrograms('local', needs('html', 'xlsx'), runner(path.join(root, 'nothing'))),
      (error: Error) =>
        /Chrome or Chromium/.test(error.message) && /libreoffice-writer-nogui/.test(error.message),
    );
  });

  it('keep engine libreoffice’s own message', () => {
    assert.throws(
      () => requireLocalPrograms('libreoffice', new Set(['libreoffice']), runner(onlyBrowser)),
      /^Error: Input "engine" is "libreoffice" but LibreOffice \(soffice\) is not installed on this runner\./,
    );
  });

  it('leave LibreOffice to the action’s own install on a GitHub-hosted runner, for local as for libreoffice', () => {
    const hosted = { ...runner(onlyBrowser), runnerKind: 'github-hosted', childProcessEnvironment: {} };
    for (const engine of ['local', 'libreoffice'] as const) {
      const found = requireLocalPrograms(engine, needs('md', 'docx'), hosted, { installLibreOffice: true });
      assert.equal(typeof found.soffice, 'function', `${engine}: an installer, not an error`);
    }
    assert.throws(
      () => requireLocalPrograms('local', needs('docx'), hosted, { installLibreOffice: false }),
      /libreoffice-writer-nogui/,
    );
    assert.throws(
      () =>
        requireLocalPrograms(
          'local',
          needs('docx'),
          { ...hosted, runnerKind: 'self-hosted' },
          { installLibreOffice: true },
        ),
      /libreoffice-writer-nogui/,
    );
  });
});
