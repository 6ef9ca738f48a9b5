import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type HostileService, startHostileService } from '../emulator/hostile.ts';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { abortingPdf, hangingPdf } from '../pdf/hostile-pdfs.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { writeFiles } from './fixtures.ts';
import { documentText } from './page-documents.ts';
import {
  explain,
  FAKE_GITHUB_TOKEN,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
  writePullRequestEvent,
} from './run-action.ts';

const CLIENT_ID = 'e2e-client-id';
const CLIENT_SECRET = 'e2e-Client-Secret-hostile-pdf-51c3';
const PULL = 12;

/**
 * A conversion service that answers two documents with PDFs that attack PDFium: one aborts the WebAssembly module
 * (after eating its memory), one renders for minutes. Today's renderer in the action's own thread lets the first
 * end previews for every later document and the second hold the run far past its timeout.
 */
describe('hostile PDFs in the previews, end to end', { concurrency: false }, () => {
  let emulator: Emulator;
  let hostile: HostileService;
  let github: GitHubApiStandIn;
  let eventFile: string;

  before(async () => {
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      conversion: { fixedMs: 5, perKbMs: 0, jitterMs: 5 },
      capacity: 8,
      seed: 5,
    });
    hostile = await startHostileService(emulator, {
      replaceDownload: (key) =>
        key.endsWith('/aborts.pdf') ? abortingPdf() : key.endsWith('/endless.pdf') ? hangingPdf() : undefined,
    });
    github = await startGitHubApi('octo', 'docs');
    github.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'write', pullRequests: 'write' });
    const baseSha = github.commitFiles('main', { 'docs/report.docx': documentText(3) }, 'base');
    github.openPulls.add(PULL);
    // The hostile documents come first: each document after them must still get its preview.
    github.pullFiles.set(PULL, [
      { filename: 'docs/aborts.docx', status: 'added' },
      { filename: 'docs/report.docx', status: 'modified' },
      { filename: 'docs/endless.docx', status: 'added' },
      { filename: 'docs/new.docx', status: 'added' },
    ]);
    eventFile = await writePullRequestEvent(path.join(os.tmpdir(), `hostile-pdf-event-${process.pid}.json`), {
      number: PULL,
      baseSha,
    });
  });
  after(async () => {
    await hostile.close();
    await emulator.close();
    await github.close();
    await removeTempWorkspaces();
  });

  it('a PDF that aborts PDFium and one that never finishes rendering fail their own previews; the others get theirs, within the timeout', {
    timeout: 150_000,
  }, async () => {
    // a guard against a run that never ends, not a speed check
    const workspace = await tempWorkspace();
    await writeFiles(workspace, {
      'docs/aborts.docx': documentText(1),
      'docs/report.docx': documentText(3, {
        2: (line) => (line === 4 ? 'A CLAUSE THAT CHANGED' : undefined),
      }),
      'docs/endless.docx': documentText(1),
      'docs/new.docx': documentText(2),
    });
    const run = await runAction({
      workspace,
      inputs: {
        'client-id': CLIENT_ID,
        'client-secret': CLIENT_SECRET,
        'api-base-url': hostile.url,
        path: 'docs',
        format: 'pdf',
        publish: 'none',
        previews: 'true',
        'preview-width': '240',
        timeout: '45s',
        // Options keep the storage flow, whose downloads the hostile service answers.
        'convert-options': '{"fromPage": 1}',
      },
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: eventFile,
        GITHUB_API_URL: github.url,
        GITHUB_SERVER_URL: github.url,
        GITHUB_REF: `refs/pull/${PULL}/merge`,
      },
    });
    assert.equal(run.exitCode, 0, explain(run));
    const body = github.comments.get(PULL)?.[0]?.body ?? '';
    // PDFium aborts (its memory cap reached) or, on a slow machine, the document's time limit comes first.
    assert.match(
      body,
      /\*\*docs\\\/aborts\\\.docx\*\* — no preview: its pages could not be compared\\: (Aborted|stopped\\: it took longer than)/,
      explain(run),
    );
    assert.match(
      body,
      /\*\*docs\\\/endless\\\.docx\*\* — no preview: its pages could not be compared\\: stopped\\: it took longer than \d+s\\, half of the time that was left for previews/,
    );
    assert.match(body, /\*\*docs\\\/report\\\.docx\*\* — page 2 changed \(3 pages\)/);
    assert.match(body, /\*\*docs\\\/new\\\.docx\*\* — new document, 2 pages/);
    assert.equal(
      body.match(/<img /g)?.length,
      3 + 2,
      "the report's changed page and the new document's pages",
    );
  });
});
