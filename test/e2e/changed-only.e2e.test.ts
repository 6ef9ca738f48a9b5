import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { listOutputs } from './fixtures.ts';
import {
  type ActionRun,
  bundle,
  explain,
  FAKE_GITHUB_TOKEN,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
} from './run-action.ts';

const CLIENT_ID = 'changed-client-id';
const CLIENT_SECRET = 'changed-Client-Secret-1d2e';
const PR = 12;

describe('changed-only on a pull request, the bundle against the emulator and the GitHub API stand-in', {
  concurrency: false,
}, () => {
  let emulator: Emulator;
  let github: GitHubApiStandIn;

  before(async () => {
    assert.ok(existsSync(bundle), 'dist/index.js is missing: run npm run build');
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      conversion: { fixedMs: 10 },
      seed: 3,
    });
    github = await startGitHubApi('octo', 'docs');
    github.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'read', pullRequests: 'read' });
  });
  after(async () => {
    await emulator.close();
    await github.close();
    await removeTempWorkspaces();
  });

  /** A checkout of 20 documents and a pull_request event for PR #12. */
  async function pullRequestRun(): Promise<{ run: ActionRun; workspace: string }> {
    const workspace = await tempWorkspace();
    await mkdir(path.join(workspace, '.git'));
    await mkdir(path.join(workspace, 'docs'));
    for (let i = 0; i < 20; i++) {
      await writeFile(
        path.join(workspace, 'docs', `chapter ${String(i).padStart(2, '0')}.docx`),
        `chapter ${i}`,
      );
    }
    const event = path.join(await tempWorkspace(), 'event.json');
    await writeFile(
      event,
      JSON.stringify({
        number: PR,
        pull_request: { number: PR, head: { ref: 'edit-chapter', repo: { full_name: 'octo/docs' } } },
        repository: { full_name: 'octo/docs' },
      }),
    );
    emulator.resetStats();
    const run = await runAction({
      workspace,
      inputs: {
        path: 'docs',
        format: 'pdf',
        'base-dir': 'docs',
        'client-id': CLIENT_ID,
        'client-secret': CLIENT_SECRET,
        'api-base-url': emulator.url,
        publish: 'none',
        'pr-comment': 'false',
        'poll-interval': '50ms',
      },
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_REF: `refs/pull/${PR}/merge`,
        GITHUB_API_URL: github.url,
        TMPDIR: os.tmpdir(),
      },
    });
    return { run, workspace };
  }

  it('a pull request touching 1 of 20 documents converts 1 and lists 19 as unchanged', async () => {
    github.pullFiles.set(PR, [
      { filename: 'docs/chapter 07.docx', status: 'modified' },
      { filename: 'README.md', status: 'modified' },
      { filename: 'docs/gone.docx', status: 'removed' },
    ]);
    github.pullFilesFailure = undefined;
    const { run, workspace } = await pullRequestRun();
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(run.outputs.converted, '1');
    assert.equal(run.outputs.failed, '0');
    assert.equal(run.outputs.unchanged, '19');
    const files = JSON.parse(run.outputs.files ?? '[]') as { source: string; status: string }[];
    assert.deepEqual(
      files.map((f) => [f.source, f.status]),
      [['docs/chapter 07.docx', 'converted']],
    );
    assert.deepEqual(await listOutputs(path.join(workspace, 'converted')), ['chapter 07.pdf']);
    assert.equal(emulator.stats().operations.length, 1, 'one conversion on the service');
    assert.match(
      run.stdout,
      /::notice::changed-only: pull request #12 changes 1 of 20 document\(s\); 19 unchanged/,
    );
    assert.match(run.summary, /19 document\(s\) unchanged by the pull request, not converted/);
    for (let i = 0; i < 20; i++) {
      if (i === 7) continue;
      assert.ok(
        run.summary.includes(`chapter ${String(i).padStart(2, '0')}`),
        `chapter ${i} not listed as unchanged`,
      );
    }
    assert.equal(github.requestsMatching('GET', /\/pulls\/12\/files$/).length, 1);
  });

  it('converts every document, with a notice, when the file list cannot be read', async () => {
    github.pullFilesFailure = { status: 500, message: 'Server Error' };
    try {
      const { run } = await pullRequestRun();
      assert.equal(run.exitCode, 0, explain(run));
      assert.equal(run.outputs.converted, '20');
      assert.equal(run.outputs.unchanged, '0');
      assert.match(
        run.stdout,
        /::notice::changed-only: converting every document, because the files of pull request #12 could not be read/,
      );
    } finally {
      github.pullFilesFailure = undefined;
    }
  });
});
