import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type InputReader, readSettings, SettingsError, secretsOf } from '../../src/settings/index.ts';
import { type RunnerEnvironment, readRunnerEnvironment } from '../../src/settings/runner.ts';
import type { Settings } from '../../src/settings/types.ts';

const SECRET = 'groupdocs-client-secret-0f9a8b7c';
const TOKEN = 'ghs_fakeTokenForTests1234567890';

/** The `default:` of every input in action.yml, so the tests fail when action.yml and the code drift apart. */
function actionDefaults(): Record<string, string> {
  const text = fs.readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');
  const inputsBlock = text.slice(text.indexOf('\ninputs:\n'), text.indexOf('\noutputs:\n'));
  const defaults: Record<string, string> = {};
  let current: string | undefined;
  for (const line of inputsBlock.split('\n')) {
    const name = /^ {2}([a-z-]+):\s*$/.exec(line)?.[1];
    if (name !== undefined) {
      current = name;
      defaults[name] = '';
      continue;
    }
    const value = /^ {4}default:\s*'(.*)'\s*$/.exec(line)?.[1];
    if (value !== undefined && current !== undefined) defaults[current] = value.replace(/''/g, "'");
  }
  return defaults;
}

const DEFAULTS = actionDefaults();

let workspace = '';
let outside = '';

/** Like core.getInput: the action.yml default unless the test sets the input, trimmed. */
function reader(values: Record<string, string> = {}): InputReader {
  const all: Record<string, string> = { ...DEFAULTS, path: 'docs', format: 'pdf', ...values };
  return (name) => {
    assert.ok(name in DEFAULTS, `the code reads input "${name}", which action.yml does not declare`);
    return (all[name] ?? '').trim();
  };
}

function environment(extra: NodeJS.ProcessEnv = {}): RunnerEnvironment {
  return readRunnerEnvironment({
    GITHUB_WORKSPACE: workspace,
    GROUPDOCS_CLIENT_ID: 'client-id-from-env',
    GROUPDOCS_CLIENT_SECRET: SECRET,
    ...extra,
  });
}

function settingsError(
  values: Record<string, string>,
  env: RunnerEnvironment = environment(),
): SettingsError {
  try {
    readSettings(reader(values), env);
  } catch (error) {
    assert.ok(error instanceof SettingsError, `expected a SettingsError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected a SettingsError for ${JSON.stringify(values)}`);
}

before(() => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'settings-test-')));
  workspace = path.join(root, 'workspace');
  outside = path.join(root, 'outside');
  fs.mkdirSync(path.join(workspace, 'docs', 'a'), { recursive: true });
  fs.mkdirSync(path.join(workspace, 'converted', 'a'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(workspace, 'README.md'), '# hi\n');
  fs.symlinkSync(outside, path.join(workspace, 'escape'));
  fs.symlinkSync(path.join(workspace, 'docs'), path.join(workspace, 'docs-link'));
});

after(() => {
  fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
});

describe('action.yml defaults', () => {
  it('declares the inputs the settings read, with the expected defaults', () => {
    assert.equal(DEFAULTS['output-dir'], 'converted');
    assert.equal(DEFAULTS['github-token'], `\${{ github.token }}`);
    assert.equal(DEFAULTS['page-size'], 'A4');
    assert.equal(DEFAULTS['install-libreoffice'], 'true');
    assert.equal(Object.keys(DEFAULTS).length, 41);
  });

  it('give the documented settings', () => {
    const settings = readSettings(reader({ 'github-token': TOKEN }), environment());
    const expected: Settings = {
      workspace,
      patterns: ['docs'],
      formats: ['pdf'],
      outputDir: path.join(workspace, 'converted'),
      baseDir: workspace,
      credentials: { clientId: 'client-id-from-env', clientSecret: SECRET },
      apiBaseUrl: 'https://api.groupdocs.cloud',
      storageName: '',
      concurrency: 5,
      timeoutMs: 15 * 60_000,
      pollIntervalMs: 1_000,
      engine: { engine: 'groupdocs', fonts: undefined, pageSize: 'A4', installLibreOffice: true },
      loadOptions: undefined,
      convertOptions: undefined,
      ifNoFilesFound: 'warn',
      failOnError: true,
      dryRun: false,
      cache: { enabled: true, maxBytes: 500_000_000 },
      changedOnly: { mode: 'auto' },
      sharding: { shard: undefined, publishOnly: false },
      publish: {
        targets: new Set(['artifact']),
        artifactName: 'converted-documents',
        artifactPerFile: false,
        retentionDays: undefined,
        commitBranch: undefined,
        commitMessage: 'Convert documents [skip ci]',
        releaseTag: undefined,
        prComment: 'auto',
        githubToken: TOKEN,
      },
      previews: { mode: 'auto', maxPages: 30, widthPx: 800, branchPrefix: 'document-previews/' },
      downloadLimits: { maxDownloadBytes: 2 * 1024 ** 3, maxTotalDownloadBytes: 10 * 1024 ** 3 },
    };
    assert.deepEqual(settings, expected);
  });
});

describe('readSettings with valid inputs', () => {
  it('previews: auto without pdf among the formats is not an error (the stage skips with a notice); true, 0 and custom values read', () => {
    assert.equal(readSettings(reader({ format: 'docx' }), environment()).previews.mode, 'auto');
    const settings = readSettings(
      reader({
        previews: 'TRUE',
        format: 'html, pdf',
        'preview-pages': '300',
        'preview-width': '200',
        'previews-branch-prefix': 'previews-',
      }),
      environment(),
    );
    assert.deepEqual(settings.previews, {
      mode: 'on',
      maxPages: 300,
      widthPx: 200,
      branchPrefix: 'previews-',
    });
    assert.equal(readSettings(reader({ previews: '0' }), environment()).previews.mode, 'off');
  });

  it('uses the current directory when GITHUB_WORKSPACE is unset', () => {
    const env = readRunnerEnvironment({ GROUPDOCS_CLIENT_ID: 'id', GROUPDOCS_CLIENT_SECRET: SECRET });
    const settings = readSettings(reader({ 'output-dir': 'out-for-test' }), env);
    assert.equal(settings.workspace, process.cwd());
    assert.equal(settings.outputDir, path.join(process.cwd(), 'out-for-test'));
  });

  it('keeps pattern lines, dropping only blank ones ("#" can start a file name)', () => {
    const settings = readSettings(
      reader({ path: 'docs/**/*.docx\n\n  #1 notes.md  \n!docs/drafts\n' }),
      environment(),
    );
    assert.deepEqual(settings.patterns, ['docs/**/*.docx', '#1 notes.md', '!docs/drafts']);
  });

  it('reads formats separated by commas or lines: lower-case, no dot, no duplicates, in order', () => {
    const settings = readSettings(reader({ format: 'PDF, .html\nDocx,,pdf\n png' }), environment());
    assert.deepEqual(settings.formats, ['pdf', 'html', 'docx', 'png']);
  });

  it('resolves output-dir and base-dir inside the workspace', () => {
    const settings = readSettings(reader({ 'output-dir': 'out/site', 'base-dir': 'docs/' }), environment());
    assert.equal(settings.outputDir, path.join(workspace, 'out', 'site'));
    assert.equal(settings.baseDir, path.join(workspace, 'docs'));
  });

  it('accepts a base-dir reached through a symlink that stays inside the workspace', () => {
    const settings = readSettings(reader({ 'base-dir': 'docs-link' }), environment());
    assert.equal(settings.baseDir, path.join(workspace, 'docs-link'));
  });

  it('prefers the credential inputs to the environment', () => {
    const settings = readSettings(
      reader({ 'client-id': 'id-input', 'client-secret': 'secret-input' }),
      environment(),
    );
    assert.deepEqual(settings.credentials, { clientId: 'id-input', clientSecret: 'secret-input' });
  });

  it('lets a dry run go without credentials', () => {
    const env = environment({ GROUPDOCS_CLIENT_ID: undefined, GROUPDOCS_CLIENT_SECRET: undefined });
    const settings = readSettings(reader({ 'dry-run': 'true' }), env);
    assert.equal(settings.dryRun, true);
    assert.equal(settings.credentials, undefined);
  });

  it('normalises the API base URL, keeping a path prefix', () => {
    const read = (url: string) => readSettings(reader({ 'api-base-url': url }), environment()).apiBaseUrl;
    assert.equal(read('http://localhost:8080/'), 'http://localhost:8080');
    assert.equal(read('https://Example.COM/groupdocs/api//'), 'https://example.com/groupdocs/api');
    assert.equal(read('https://api.groupdocs.cloud'), 'https://api.groupdocs.cloud');
  });

  it('reads numbers, durations, JSON options and choices', () => {
    const settings = readSettings(
      reader({
        'storage-name': 'MyStorage',
        concurrency: '64',
        timeout: '1h30m',
        'poll-interval': '500ms',
        'load-options': '{"password": "p@ss"}',
        'convert-options': '{"fromPage": 1, "pagesCount": 2}',
        'if-no-files-found': 'Error',
        'fail-on-error': 'NO',
        'dry-run': '1',
        'artifact-per-file': 'yes',
      }),
      environment(),
    );
    assert.equal(settings.storageName, 'MyStorage');
    assert.equal(settings.concurrency, 64);
    assert.equal(settings.timeoutMs, 5_400_000);
    assert.equal(settings.pollIntervalMs, 500);
    assert.deepEqual(settings.loadOptions, { password: 'p@ss' });
    assert.deepEqual(settings.convertOptions, { fromPage: 1, pagesCount: 2 });
    assert.equal(settings.ifNoFilesFound, 'error');
    assert.equal(settings.failOnError, false);
    assert.equal(settings.dryRun, true);
    assert.equal(settings.publish.artifactPerFile, true);
  });

  it('accepts the extremes of each range', () => {
    const settings = readSettings(
      reader({ concurrency: '1', timeout: '6h', 'poll-interval': '5m', 'retention-days': '90' }),
      environment(),
    );
    assert.equal(settings.concurrency, 1);
    assert.equal(settings.timeoutMs, 6 * 3_600_000);
    assert.equal(settings.pollIntervalMs, 5 * 60_000);
    assert.equal(settings.publish.retentionDays, 90);
    const low = readSettings(
      reader({ timeout: '1', 'poll-interval': '50ms', 'retention-days': '1' }),
      environment(),
    );
    assert.equal(low.timeoutMs, 1_000);
    assert.equal(low.pollIntervalMs, 50);
    assert.equal(low.publish.retentionDays, 1);
  });

  it('reads the publish settings', () => {
    const settings = readSettings(
      reader({
        publish: 'Artifact, commit\nrelease, commit',
        'artifact-name': 'docs (pdf)',
        'commit-branch': 'docs/converted-1.2',
        'commit-message': 'Update converted documents',
        'release-tag': 'v1.0.0',
        'pr-comment': 'true',
      }),
      environment(),
    );
    assert.deepEqual(settings.publish.targets, new Set(['artifact', 'commit', 'release']));
    assert.equal(settings.publish.artifactName, 'docs (pdf)');
    assert.equal(settings.publish.commitBranch, 'docs/converted-1.2');
    assert.equal(settings.publish.commitMessage, 'Update converted documents');
    assert.equal(settings.publish.releaseTag, 'v1.0.0');
    assert.equal(settings.publish.prComment, 'always');
  });

  it('maps publish: none to no targets and pr-comment: false to never', () => {
    const settings = readSettings(reader({ publish: 'NONE', 'pr-comment': 'false' }), environment());
    assert.equal(settings.publish.targets.size, 0);
    assert.equal(settings.publish.prComment, 'never');
  });
});

describe('download size inputs', () => {
  it('read binary and decimal units and plain bytes', () => {
    const limits = (size: string, total: string) =>
      readSettings(reader({ 'max-download-size': size, 'max-total-download-size': total }), environment())
        .downloadLimits;
    assert.deepEqual(limits('500MiB', '1.5GB'), {
      maxDownloadBytes: 500 * 1024 ** 2,
      maxTotalDownloadBytes: 1.5 * 1000 ** 3,
    });
    assert.deepEqual(limits('4096', '1 TiB'), { maxDownloadBytes: 4096, maxTotalDownloadBytes: 1024 ** 4 });
  });
});

describe('readSettings with a bad input', () => {
  /** [inputs, the input the message must name, the value it must show] */
  const cases: [Record<string, string>, string, string][] = [
    [{ path: '' }, 'path', ''],
    [{ path: '!docs/drafts' }, 'path', '!docs/drafts'],
    [{ path: 'docs\n!' }, 'path', '!'],
    [{ format: '' }, 'format', ''],
    [{ format: ' , ' }, 'format', ','],
    [{ format: 'pfd' }, 'format', 'pfd'],
    [{ format: 'pdf, wat' }, 'format', 'wat'],
    [{ format: '.' }, 'format', '.'],
    [{ 'output-dir': '../out' }, 'output-dir', '../out'],
    [{ 'output-dir': '.' }, 'output-dir', '.'],
    [{ 'output-dir': '' }, 'output-dir', ''],
    [{ 'output-dir': '/somewhere/else' }, 'output-dir', '/somewhere/else'],
    [{ 'output-dir': 'escape/out' }, 'output-dir', 'escape/out'],
    [{ 'output-dir': 'README.md' }, 'output-dir', 'README.md'],
    [{ 'base-dir': '..' }, 'base-dir', '..'],
    [{ 'base-dir': 'missing' }, 'base-dir', 'missing'],
    [{ 'base-dir': 'README.md' }, 'base-dir', 'README.md'],
    [{ 'base-dir': 'escape' }, 'base-dir', 'escape'],
    [{ 'base-dir': 'converted/a' }, 'base-dir', 'converted/a'],
    [{ 'api-base-url': 'ftp://example.com' }, 'api-base-url', 'ftp://example.com'],
    [{ 'api-base-url': 'api.groupdocs.cloud' }, 'api-base-url', 'api.groupdocs.cloud'],
    [{ 'api-base-url': 'not a url' }, 'api-base-url', 'not a url'],
    [{ 'api-base-url': 'https://example.com/?x=1' }, 'api-base-url', 'https://example.com/?x=1'],
    [{ 'api-base-url': 'https://example.com/#top' }, 'api-base-url', 'https://example.com/#top'],
    [{ 'api-base-url': 'https://example.com/?' }, 'api-base-url', 'https://example.com/?'],
    [{ concurrency: '0' }, 'concurrency', '0'],
    [{ concurrency: '65' }, 'concurrency', '65'],
    [{ concurrency: '1.5' }, 'concurrency', '1.5'],
    [{ concurrency: 'five' }, 'concurrency', 'five'],
    [{ concurrency: '' }, 'concurrency', ''],
    [{ timeout: 'soon' }, 'timeout', 'soon'],
    [{ timeout: '0' }, 'timeout', '0'],
    [{ timeout: '-5s' }, 'timeout', '-5s'],
    [{ timeout: '6h1s' }, 'timeout', '6h1s'],
    [{ 'poll-interval': '10ms' }, 'poll-interval', '10ms'],
    [{ 'poll-interval': '6m' }, 'poll-interval', '6m'],
    [{ 'poll-interval': 'fast' }, 'poll-interval', 'fast'],
    [{ 'max-download-size': '' }, 'max-download-size', ''],
    [{ 'max-download-size': '2 GB please' }, 'max-download-size', '2 GB please'],
    [{ 'max-download-size': '100' }, 'max-download-size', '100'],
    [{ 'max-download-size': '2PiB' }, 'max-download-size', '2PiB'],
    [{ 'max-total-download-size': '-1GiB' }, 'max-total-download-size', '-1GiB'],
    [{ 'max-total-download-size': '2TiB' }, 'max-total-download-size', '2TiB'],
    [{ 'if-no-files-found': 'fail' }, 'if-no-files-found', 'fail'],
    [{ 'fail-on-error': 'maybe' }, 'fail-on-error', 'maybe'],
    [{ 'dry-run': 'sure' }, 'dry-run', 'sure'],
    [{ 'artifact-per-file': '2' }, 'artifact-per-file', '2'],
    [{ publish: '' }, 'publish', ''],
    [{ publish: ' , ' }, 'publish', ','],
    [{ publish: 's3' }, 'publish', 's3'],
    [{ publish: 'none, artifact' }, 'publish', 'none, artifact'],
    [{ 'artifact-name': '' }, 'artifact-name', ''],
    [{ 'artifact-name': 'docs/pdf' }, 'artifact-name', 'docs/pdf'],
    [{ 'artifact-name': 'a:b' }, 'artifact-name', 'a:b'],
    [{ 'artifact-name': 'what?' }, 'artifact-name', 'what?'],
    [{ 'artifact-name': 'two\nlines' }, 'artifact-name', 'two\nlines'],
    [{ 'retention-days': '0' }, 'retention-days', '0'],
    [{ 'retention-days': '91' }, 'retention-days', '91'],
    [{ 'retention-days': 'week' }, 'retention-days', 'week'],
    [{ 'commit-branch': 'my branch' }, 'commit-branch', 'my branch'],
    [{ 'commit-branch': 'a..b' }, 'commit-branch', 'a..b'],
    [{ 'commit-branch': '-x' }, 'commit-branch', '-x'],
    [{ 'commit-branch': 'x.lock' }, 'commit-branch', 'x.lock'],
    [{ 'commit-branch': 'x/' }, 'commit-branch', 'x/'],
    [{ 'commit-branch': 'a~1' }, 'commit-branch', 'a~1'],
    [{ 'commit-branch': 'a^' }, 'commit-branch', 'a^'],
    [{ 'commit-branch': 'a:b' }, 'commit-branch', 'a:b'],
    [{ 'commit-branch': 'a?' }, 'commit-branch', 'a?'],
    [{ 'commit-branch': 'a*' }, 'commit-branch', 'a*'],
    [{ 'commit-branch': 'a[1]' }, 'commit-branch', 'a[1]'],
    [{ 'commit-branch': 'a\\b' }, 'commit-branch', 'a\\b'],
    [{ 'commit-branch': 'a/.hidden' }, 'commit-branch', 'a/.hidden'],
    [{ 'commit-message': '' }, 'commit-message', ''],
    [{ 'pr-comment': 'sometimes' }, 'pr-comment', 'sometimes'],
    [{ previews: 'maybe' }, 'previews', 'maybe'],
    [{ previews: 'true', format: 'docx' }, 'previews', 'true'],
    [{ 'preview-pages': '0' }, 'preview-pages', '0'],
    [{ 'preview-pages': '301' }, 'preview-pages', '301'],
    [{ 'preview-width': '50' }, 'preview-width', '50'],
    [{ 'preview-width': 'wide' }, 'preview-width', 'wide'],
    [{ 'previews-branch-prefix': '' }, 'previews-branch-prefix', ''],
    [{ 'previews-branch-prefix': 'a..b/' }, 'previews-branch-prefix', 'a..b/'],
    [{ 'previews-branch-prefix': 'x y' }, 'previews-branch-prefix', 'x y'],
  ];

  for (const [values, name, shown] of cases) {
    it(`${name}: ${JSON.stringify(values[name])}`, () => {
      const error = settingsError(values);
      assert.equal(error.problems.length, 1, error.message);
      const [problem = ''] = error.problems;
      assert.match(problem, new RegExp(`^Input "${name}" `));
      assert.ok(problem.includes(JSON.stringify(shown)), `${problem}\nshould show ${JSON.stringify(shown)}`);
      assert.ok(!error.message.includes(SECRET));
    });
  }

  it('points to the known formats and the likely one for a typo', () => {
    const error = settingsError({ format: 'pfd' });
    assert.match(error.message, /not a known target format\. Did you mean "pdf"\? Known: pdf, docx, /);
  });

  it('refuses a base-dir inside output-dir, where sources are never read from', () => {
    const error = settingsError({ 'base-dir': 'converted/a' });
    assert.match(error.message, /^Input "base-dir" is "converted\/a": it lies inside output-dir "converted"/);
    assert.match(
      settingsError({ 'base-dir': 'docs', 'output-dir': 'docs' }).message,
      /inside output-dir "docs"/,
    );
  });

  it('says which rule a branch name breaks', () => {
    assert.match(settingsError({ 'commit-branch': 'my branch' }).message, /contains a space/);
    assert.match(settingsError({ 'commit-branch': 'x.lock' }).message, /ends with "\.lock"/);
  });

  it('lists the allowed words for booleans and choices', () => {
    assert.match(
      settingsError({ 'dry-run': 'sure' }).message,
      /true or false \(yes\/no and 1\/0 also work\)/,
    );
    assert.match(settingsError({ 'if-no-files-found': 'x' }).message, /warn, error, ignore/);
    assert.match(settingsError({ publish: 's3' }).message, /artifact, commit, release .*none/);
  });

  it('reports missing credentials, naming the input and the environment variable', () => {
    const env = environment({ GROUPDOCS_CLIENT_ID: undefined, GROUPDOCS_CLIENT_SECRET: undefined });
    const error = settingsError({}, env);
    assert.deepEqual(
      error.problems.map((problem) => problem.slice(0, problem.indexOf(':'))),
      [
        'Input "client-id" is "" and GROUPDOCS_CLIENT_ID is not set',
        'Input "client-secret" is "" and GROUPDOCS_CLIENT_SECRET is not set',
      ],
    );
    const secretOnly = settingsError({}, environment({ GROUPDOCS_CLIENT_SECRET: '' }));
    assert.equal(secretOnly.problems.length, 1);
    assert.match(secretOnly.message, /client-secret/);
  });

  it('reports a workspace that does not exist', () => {
    const error = settingsError(
      {},
      environment({ GITHUB_WORKSPACE: path.join(outside, 'no-such-workspace') }),
    );
    assert.match(error.message, /workspace .*no-such-workspace.* does not exist/);
  });
});

describe('readSettings and secrets', () => {
  it('never prints load-options or convert-options, but gives the parser reason', () => {
    for (const name of ['load-options', 'convert-options']) {
      for (const value of ['{password: hunter2-secret}', '{"password": "hunter2-secret"', 'hunter2-secret']) {
        const error = settingsError({ [name]: value });
        assert.match(error.message, new RegExp(`^Input "${name}" is not valid JSON \\(.+\\)`));
        assert.ok(!error.message.includes('hunter2'), error.message);
      }
    }
    assert.match(
      settingsError({ 'convert-options': '{"fromPage": 1,}' }).message,
      /property name in JSON at position 15/,
    );
  });

  it('asks for a JSON object, naming what was given instead', () => {
    assert.match(
      settingsError({ 'load-options': '["hunter2"]' }).message,
      /is an array in JSON: expected a JSON object/,
    );
    assert.match(settingsError({ 'load-options': 'null' }).message, /is null in JSON/);
    assert.match(settingsError({ 'convert-options': '"text"' }).message, /is a string in JSON/);
    assert.match(settingsError({ 'convert-options': '42' }).message, /is a number in JSON/);
  });

  it('never prints credentials found in the API base URL', () => {
    const error = settingsError({ 'api-base-url': 'https://user:hunter2@example.com/api' });
    assert.match(
      error.message,
      /^Input "api-base-url" is "https:\/\/\*\*\*@example.com\/api": it must not hold/,
    );
    assert.ok(!error.message.includes('hunter2') && !error.message.includes('user:'));
  });

  it('masks the client secret and the token wherever they were typed by mistake', () => {
    const error = settingsError({
      'client-secret': 'secret-typed-as-input',
      'github-token': TOKEN,
      concurrency: 'secret-typed-as-input',
      'artifact-name': `x:${TOKEN}`,
      'commit-branch': `${SECRET} x`,
    });
    assert.equal(error.problems.length, 3);
    for (const secret of ['secret-typed-as-input', TOKEN, SECRET]) assert.ok(!error.message.includes(secret));
    assert.match(error.message, /Input "concurrency" is "\[secret\]"/);
  });

  it('lists the raw secrets for masking before any validation', () => {
    const input = reader({ 'client-secret': 'from-input', 'github-token': TOKEN, concurrency: 'nonsense' });
    assert.deepEqual(secretsOf(input, readRunnerEnvironment({ GROUPDOCS_CLIENT_SECRET: ' from-env ' })), [
      'from-input',
      ' from-env ',
      'from-env',
      TOKEN,
    ]);
    assert.deepEqual(secretsOf(reader({ 'github-token': '' }), readRunnerEnvironment({})), []);
  });
});

describe('readSettings with several bad inputs', () => {
  it('reports every one of them at once, one per line', () => {
    const error = settingsError({
      format: 'pfd',
      concurrency: '0',
      timeout: 'soon',
      'if-no-files-found': 'fail',
      publish: 'none, commit',
      'output-dir': '../out',
      'load-options': '[',
    });
    const named = error.problems.map((problem) => /^Input "([a-z-]+)"/.exec(problem)?.[1]);
    assert.deepEqual(named, [
      'format',
      'output-dir',
      'concurrency',
      'timeout',
      'load-options',
      'if-no-files-found',
      'publish',
    ]);
    assert.equal(error.message, error.problems.join('\n'));
    assert.equal(error.name, 'SettingsError');
  });
});
