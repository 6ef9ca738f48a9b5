/**
 * A conversion service that echoes the client secret in every spelling an encoder may give it — as is,
 * percent-encoded, form-encoded, in base64 alone and inside Basic credentials — run against the bundle: none of
 * them reaches the log, the outputs, the job summary or the pull-request comment. The secret has a space and a `!`,
 * so that its spellings all differ.
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { writeFiles } from './fixtures.ts';
import { type HostileService, startHostileService } from './hostile-groupdocs.ts';
import {
  explain,
  FAKE_GITHUB_TOKEN,
  filesOf,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
  writePullRequestEvent,
} from './run-action.ts';

const CLIENT_ID = 'client-id';
const CLIENT_SECRET = 'correct horse!';
const base64 = (text: string) => Buffer.from(text).toString('base64');
const SPELLINGS = {
  'as is': CLIENT_SECRET,
  'percent-encoded': 'correct%20horse!',
  'percent-encoded (RFC 3986)': 'correct%20horse%21',
  'form-encoded': 'correct+horse!',
  'form-encoded (HTML forms)': 'correct+horse%21',
  base64: base64(CLIENT_SECRET),
  'base64 in Basic credentials': base64(`${CLIENT_ID}:${CLIENT_SECRET}`),
};

/** Whether a run of base64 digits in `text`, read at any alignment, decodes to a piece of the secret. */
function decodesToSecret(text: string): boolean {
  return [...text.matchAll(/[A-Za-z0-9+/]{8,}/g)].some(([run]) =>
    [0, 1, 2, 3].some((skip) =>
      Buffer.from(run.slice(skip), 'base64').toString('latin1').includes('rrect hor'),
    ),
  );
}

/** Markdown as a reader sees it: the backslash escapes the action adds in front of punctuation removed. */
const unescapeMarkdown = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('a secret echoed by the service in every spelling, end to end', { concurrency: false }, () => {
  let emulator: Emulator;
  let service: HostileService;
  let github: GitHubApiStandIn;

  before(async () => {
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      conversion: { fixedMs: 5 },
    });
    const echoes = Object.entries(SPELLINGS).map(([name, spelling]) => `${name}: ${spelling}`);
    service = await startHostileService(emulator.url, {
      failureText: `rejected the request; it said ${echoes.join('; ')}`,
    });
    github = await startGitHubApi('octo', 'docs');
    github.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'write', pullRequests: 'write' });
  });
  after(async () => {
    await service.close();
    await github.close();
    await emulator.close();
    await removeTempWorkspaces();
  });

  it('prints, outputs, summarises and comments none of them', async () => {
    const workspace = await tempWorkspace();
    await writeFiles(workspace, { 'docs/guide.docx': 'fine', 'docs/corrupt.docx': 'fails, with the echo' });
    const event = await writePullRequestEvent(path.join(os.tmpdir(), `secret-event-${process.pid}.json`), {
      number: 6,
    });
    const run = await runAction({
      workspace,
      inputs: {
        'client-id': CLIENT_ID,
        'client-secret': CLIENT_SECRET,
        'api-base-url': service.url,
        path: 'docs',
        format: 'pdf',
        publish: 'none',
        'pr-comment': 'true',
        'changed-only': 'false',
        'poll-interval': '50ms',
      },
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_API_URL: github.url },
    });
    assert.equal(run.exitCode, 1, explain(run));
    const failed = filesOf(run).find((entry) => entry.source === 'docs/corrupt.docx');
    // Every spelling reached the action, each in its place (Basic credentials keep the id's digits): the check
    // below is not vacuous.
    const echoed = (failed?.error ?? '').replace(/^rejected the request; it said /, '').split('; ');
    assert.deepEqual(
      echoed.map((echo) => echo.replace(/: [A-Za-z0-9+/]*\[secret\]$/, '')),
      Object.keys(SPELLINGS),
      failed?.error,
    );
    const comment = github.comments.get(6)?.[0]?.body ?? '';
    const everywhere = {
      log: `${run.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n')}\n${run.stderr}`,
      outputs: JSON.stringify(run.outputs),
      summary: unescapeMarkdown(run.summary),
      comment: unescapeMarkdown(comment),
    };
    for (const [where, text] of Object.entries(everywhere)) {
      assert.match(text, /\[secret\]/, `${where} shows the redacted echo`);
      for (const [name, spelling] of Object.entries(SPELLINGS)) {
        assert.ok(!text.includes(spelling), `${where} holds the secret ${name}`);
      }
      assert.ok(!decodesToSecret(text), `${where} holds base64 that decodes to the secret`);
    }
  });
});
