/**
 * A pull request that adds crafted files, a conversion service and a GitHub API that answer with hostile data, run
 * against the bundle as a runner runs it: no credential reaches any output, no workflow command is injected into
 * the log, nothing is read from or written to the repository's metadata.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { type HostileService, startHostileService } from './hostile-groupdocs.ts';
import {
  bundle,
  explain,
  FAKE_GITHUB_TOKEN,
  filesOf,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
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
