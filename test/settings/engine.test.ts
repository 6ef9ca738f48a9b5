import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readEngineSettings } from '../../src/settings/engine.ts';
import { readSettings, SettingsError } from '../../src/settings/index.ts';
import { readRunnerEnvironment } from '../../src/settings/runner.ts';
import { runnerInputs } from '../e2e/run-action.ts';

let workspace = '';

function engineSettings(values: Record<string, string>) {
  const problems: string[] = [];
  const settings = readEngineSettings(
    (name) => values[name] ?? '',
    workspace,
    (message) => problems.push(message),
  );
  return { settings, problems };
}

before(() => {
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'engine-settings-')));
  fs.mkdirSync(path.join(workspace, 'docs'));
  fs.mkdirSync(path.join(workspace, 'fonts', 'brand'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'fonts', 'Body.TTF'), 'x');
  fs.writeFileSync(path.join(workspace, 'fonts', 'brand', 'Logo.otf'), 'x');
  fs.writeFileSync(path.join(workspace, 'fonts', 'LICENSE.txt'), 'x');
  fs.mkdirSync(path.join(workspace, 'empty'));
  fs.writeFileSync(path.join(workspace, 'empty', 'notes.woff2'), 'x');
  fs.symlinkSync(os.tmpdir(), path.join(workspace, 'escape'));
});

after(() => fs.rmSync(workspace, { recursive: true, force: true }));

describe('engine and fonts-dir inputs', () => {
  it('default to groupdocs without fonts', () => {
    assert.deepEqual(engineSettings({ engine: 'groupdocs' }), {
      settings: { engine: 'groupdocs', fonts: undefined, pageSize: 'A4', installLibreOffice: true },
      problems: [],
    });
  });

  it('read install-libreoffice: true unless set to false, a word that is neither is a problem', () => {
    assert.equal(
      engineSettings({ engine: 'libreoffice', 'install-libreoffice': 'false' }).settings.installLibreOffice,
      false,
    );
    assert.equal(
      engineSettings({ engine: 'libreoffice', 'install-libreoffice': 'true' }).settings.installLibreOffice,
      true,
    );
    assert.deepEqual(engineSettings({ engine: 'libreoffice', 'install-libreoffice': 'sometimes' }).problems, [
      'Input "install-libreoffice" is "sometimes": expected true or false (yes/no and 1/0 also work).',
    ]);
  });

  it('accept libreoffice in any case', () => {
    assert.equal(engineSettings({ engine: 'LibreOffice' }).settings.engine, 'libreoffice');
  });

  it('name the allowed engines', () => {
    assert.deepEqual(engineSettings({ engine: 'openoffice' }).problems, [
      'Input "engine" is "openoffice": expected one of groupdocs, libreoffice, local.',
    ]);
  });

  it('accept local', () => {
    assert.equal(engineSettings({ engine: 'local' }).settings.engine, 'local');
  });

  it('read page-size A4 or Letter in any case', () => {
    assert.equal(engineSettings({ engine: 'local', 'page-size': 'letter' }).settings.pageSize, 'Letter');
    assert.equal(engineSettings({ engine: 'local', 'page-size': 'A4' }).settings.pageSize, 'A4');
  });

  it('name the input, the value and the allowed paper sizes for another page-size', () => {
    assert.deepEqual(engineSettings({ engine: 'local', 'page-size': 'A5' }).problems, [
      'Input "page-size" is "A5": expected one of A4, Letter.',
    ]);
  });

  it('list the font files of fonts-dir, subfolders included, other files left out', () => {
    const { settings, problems } = engineSettings({ engine: 'libreoffice', 'fonts-dir': 'fonts' });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.fonts, {
      directory: path.join(workspace, 'fonts'),
      files: ['Body.TTF', 'brand/Logo.otf'],
    });
  });

  it('refuse a missing folder, a folder without fonts and a folder outside the workspace', () => {
    assert.deepEqual(engineSettings({ engine: 'groupdocs', 'fonts-dir': 'nope' }).problems, [
      'Input "fonts-dir" is "nope": no such folder in the workspace.',
    ]);
    assert.deepEqual(engineSettings({ engine: 'groupdocs', 'fonts-dir': 'empty' }).problems, [
      'Input "fonts-dir" is "empty": the folder holds no .ttf, .otf or .ttc font.',
    ]);
    for (const outside of ['..', 'escape']) {
      assert.match(
        engineSettings({ engine: 'groupdocs', 'fonts-dir': outside }).problems.join('\n'),
        /^Input "fonts-dir" is ".*": expected a folder inside the workspace/,
      );
    }
  });

  it('need no GroupDocs credentials for engine libreoffice, but still for groupdocs', async () => {
    // Every other input as a runner passes it: action.yml's defaults.
    const inputs = await runnerInputs({ path: 'docs', format: 'pdf', 'github-token': '' });
    const read = (engine: string) =>
      readSettings(
        (name) => (name === 'engine' ? engine : (inputs[`INPUT_${name.toUpperCase()}`] ?? '')),
        readRunnerEnvironment({ GITHUB_WORKSPACE: workspace }),
      );
    assert.equal(read('libreoffice').credentials, undefined);
    assert.throws(
      () => read('groupdocs'),
      (error: unknown) => error instanceof SettingsError && /client-id/.test(error.message),
    );
  });
});
