/** Inputs that would let a hostile repository or a careless value reach the repository's metadata or the service. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSettings, SettingsError, secretsOf } from '../../src/settings/index.ts';
import { readRunnerEnvironment } from '../../src/settings/runner.ts';
import { FAKE_GITHUB_TOKEN, runnerInputs } from '../e2e/run-action.ts';

let workspace = '';

before(() => {
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'settings-untrusted-')));
  for (const dir of ['docs', '.git/hooks', '.github/workflows']) {
    fs.mkdirSync(path.join(workspace, dir), { recursive: true });
  }
  fs.symlinkSync('.git', path.join(workspace, 'meta'));
  fs.symlinkSync('.github/workflows', path.join(workspace, 'flows'));
});

after(() => fs.rmSync(workspace, { recursive: true, force: true }));

/** The inputs as a runner gives them (action.yml defaults), through the same reader the action uses. */
async function reader(inputs: Record<string, string>): Promise<(name: string) => string> {
  const env = await runnerInputs({ path: 'docs', format: 'pdf', 'dry-run': 'true', ...inputs });
  return (name) => (env[`INPUT_${name.toUpperCase()}`] ?? '').trim();
}

async function problemsOf(inputs: Record<string, string>): Promise<readonly string[]> {
  try {
    readSettings(await reader(inputs), readRunnerEnvironment({ GITHUB_WORKSPACE: workspace }));
  } catch (error) {
    assert.ok(error instanceof SettingsError, String(error));
    return error.problems;
  }
  return [];
}

describe('output-dir and base-dir near the repository metadata', () => {
  for (const value of ['.git', '.git/hooks', 'meta', 'meta/x', 'docs/../.git/objects', '.GIT']) {
    it(`refuses output-dir: ${JSON.stringify(value)} (the .git directory, also through a symlink)`, async () => {
      const problems = await problemsOf({ 'output-dir': value });
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(
        problems[0] ?? '',
        /^Input "output-dir" is "[^"]*"( \(it resolves to "[^"]*"\))?: it is the repository's \.git directory or inside it/,
      );
    });
  }

  it('refuses .git even with allow-github-dir, and as base-dir', async () => {
    assert.equal((await problemsOf({ 'output-dir': '.git', 'allow-github-dir': 'true' })).length, 1);
    const problems = await problemsOf({ 'base-dir': '.git', path: '.git' });
    assert.match(
      problems.join('\n'),
      /^Input "base-dir" is "\.git": it is the repository's \.git directory/m,
    );
  });

  for (const value of ['.github', '.github/workflows', 'flows']) {
    it(`refuses output-dir: ${JSON.stringify(value)} unless allow-github-dir is true`, async () => {
      const problems = await problemsOf({ 'output-dir': value });
      assert.equal(problems.length, 1);
      assert.match(problems[0] ?? '', /it is \.github or inside it, .*set allow-github-dir: true/);
      assert.deepEqual(await problemsOf({ 'output-dir': value, 'allow-github-dir': 'true' }), []);
    });
  }

  it('says what a symlinked output-dir resolves to', async () => {
    const [problem] = await problemsOf({ 'output-dir': 'flows' });
    assert.match(problem ?? '', /^Input "output-dir" is "flows" \(it resolves to "\.github\/workflows"\)/);
  });

  it('reads allow-github-dir as a boolean', async () => {
    const [problem] = await problemsOf({ 'allow-github-dir': 'please' });
    assert.equal(
      problem,
      'Input "allow-github-dir" is "please": expected true or false (yes/no and 1/0 also work).',
    );
  });
});

describe('storage-name and artifact-name', () => {
  for (const value of ['../../x', '/x', 'a\nb', '..', 'a/b', 'x?y=1', 'a%2Fb', 'x'.repeat(129)]) {
    it(`refuses storage-name: ${JSON.stringify(value.slice(0, 20))}`, async () => {
      const problems = await problemsOf({ 'storage-name': value });
      assert.equal(problems.length, 1);
      assert.match(
        problems[0] ?? '',
        /^Input "storage-name" is ".*": expected the name of a storage of your GroupDocs account/s,
      );
    });
  }

  it('accepts storage names as the dashboard gives them', async () => {
    for (const value of ['MyStorage', 'First Storage', 'docs-s3_v2.eu', 'Ablage']) {
      const settings = readSettings(
        await reader({ 'storage-name': value }),
        readRunnerEnvironment({ GITHUB_WORKSPACE: workspace }),
      );
      assert.equal(settings.storageName, value);
    }
  });

  for (const value of ['tab\there', 'esc\u001b[31m', 'x'.repeat(257)]) {
    it(`refuses artifact-name: ${JSON.stringify(value.slice(0, 20))}`, async () => {
      const problems = await problemsOf({ 'artifact-name': value });
      assert.equal(problems.length, 1);
      assert.match(problems[0] ?? '', /^Input "artifact-name" is /);
    });
  }
});

describe('secretsOf', () => {
  it('lists secret-named values of load-options and convert-options, at any depth and in any case', async () => {
    const secrets = secretsOf(
      await reader({
        'load-options':
          '{"password": "doc-pass-1", "Sheet": {"ApiKey": "k-2345"}, "list": [{"TOKEN": 98765}], "format": "docx"}',
        'convert-options': '{"watermarkOptions": {"text": "DRAFT"}, "ownerPassword": "owner-pw"}',
      }),
      readRunnerEnvironment({}),
    );
    for (const secret of ['doc-pass-1', 'k-2345', '98765', 'owner-pw'])
      assert.ok(secrets.includes(secret), secret);
    for (const plain of ['docx', 'DRAFT']) assert.ok(!secrets.includes(plain), plain);
  });

  it('lists nothing from options that are not JSON', async () => {
    assert.deepEqual(
      secretsOf(await reader({ 'load-options': '{"password": "x-1234' }), readRunnerEnvironment({})),
      [FAKE_GITHUB_TOKEN],
    );
  });
});
