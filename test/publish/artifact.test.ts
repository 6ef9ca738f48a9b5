/**
 * Artifacts end to end: the real @actions/artifact client talks to a stand-in of the Actions results service,
 * which hands out SAS URLs into Azurite; the bytes are then read back from Azurite and compared with the files.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { DefaultArtifactClient } from '@actions/artifact';
import { publishResults } from '../../src/publish/publish-results.ts';
import { type Azurite, startAzurite } from '../stand-ins/azurite.ts';
import { type ResultsService, runtimeToken, startResultsService } from '../stand-ins/results-service.ts';
import { makeEnvironment, makeSettings, makeWorkspace, readZipEntries, result } from './helpers.ts';

const CONTAINER = 'actions-results';
let azurite: Azurite;
let service: ResultsService;

before(async () => {
  azurite = await startAzurite();
  await azurite.container(CONTAINER).create();
  service = await startResultsService({ container: CONTAINER, signUploadUrl: azurite.signedUploadUrl });
  process.env.ACTIONS_RESULTS_URL = `${service.url}/`;
  process.env.GITHUB_SERVER_URL = 'https://github.com';
  delete process.env.GITHUB_RETENTION_DAYS;
});

after(async () => {
  await service?.close();
  await azurite?.stop();
});

/** Each test is its own workflow run, so artifact names never clash between tests. */
function startRun(runBackendId: string): void {
  process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken(runBackendId, `${runBackendId}-job`);
}

function artifactsOfRun(runBackendId: string) {
  return service.artifacts.filter((a) => a.workflowRunBackendId === runBackendId);
}

test('uploads one zipped artifact of every converted file, paths relative to output-dir', async () => {
  startRun('run-zipped');
  const ws = await makeWorkspace();
  const pdf = await ws.write('converted/report.pdf', randomBytes(300 * 1024));
  const html = await ws.write('converted/guides/setup.html', '<h1>Setup</h1>');
  const page1 = await ws.write('converted/slides/deck-page-1.png', randomBytes(2048));
  const page2 = await ws.write('converted/slides/deck-page-2.png', randomBytes(2048));
  await ws.write('converted/stale-from-an-earlier-run.pdf', 'not part of this run');
  const settings = makeSettings(ws, { targets: ['artifact'], retentionDays: 3 });
  const results = [
    result(ws, 'docs/report.docx', 'pdf', 'converted', [pdf]),
    result(ws, 'docs/guides/setup.md', 'html', 'converted', [html]),
    result(ws, 'docs/slides/deck.pptx', 'png', 'converted', [page1, page2]),
    result(ws, 'docs/broken.docx', 'pdf', 'failed', [], 'the file is corrupt'),
  ];
  const env = makeEnvironment({ artifactServiceAvailable: true, runId: 777 });

  const outcome = await publishResults(settings, results, env);

  assert.deepEqual(outcome.failures, []);
  const [artifact, ...others] = artifactsOfRun('run-zipped');
  assert.equal(others.length, 0, 'one artifact only');
  assert.ok(artifact?.finalized);
  assert.equal(artifact.name, 'converted-documents');
  assert.equal(outcome.artifactId, artifact.id);
  assert.equal(outcome.artifactUrl, `https://github.com/octo/docs/actions/runs/777/artifacts/${artifact.id}`);
  const daysKept = (Date.parse(artifact.expiresAt ?? '') - Date.now()) / 86_400_000;
  assert.ok(daysKept > 2.9 && daysKept <= 3.01, `expires in ${daysKept} days`);

  const zip = await azurite.download(CONTAINER, artifact.blobName);
  assert.equal(String(zip.length), artifact.size);
  const entries = readZipEntries(zip);
  assert.deepEqual([...entries.keys()].sort(), [
    'guides/setup.html',
    'report.pdf',
    'slides/deck-page-1.png',
    'slides/deck-page-2.png',
  ]);
  for (const [name, file] of [
    ['report.pdf', pdf],
    ['guides/setup.html', html],
    ['slides/deck-page-1.png', page1],
    ['slides/deck-page-2.png', page2],
  ] as const) {
    assert.deepEqual(entries.get(name), await readFile(file), name);
  }
  assert.equal(outcome.fileLinks.size, 0, 'no per-file links without artifact-per-file');
});

test('with artifact-per-file, uploads each file unzipped under a valid, unique name', async () => {
  startRun('run-per-file');
  const ws = await makeWorkspace();
  const contents = {
    'converted/a.pdf': randomBytes(64 * 1024),
    'converted/a|b*c.pdf': randomBytes(1024),
    'converted/sub-b.html': Buffer.from('<p>top</p>'),
    'converted/sub/b.html': Buffer.from('<p>nested</p>'),
    'converted/sub/deep/c d.pdf': randomBytes(4096),
  };
  const paths: Record<string, string> = {};
  for (const [relative, content] of Object.entries(contents))
    paths[relative] = await ws.write(relative, content);
  const settings = makeSettings(ws, { targets: ['artifact'], artifactPerFile: true });
  const results = Object.values(paths).map((file, i) =>
    result(ws, `docs/doc${i}.docx`, 'pdf', 'converted', [file]),
  );
  const env = makeEnvironment({ artifactServiceAvailable: true, runId: 778 });

  const outcome = await publishResults(settings, results, env);

  assert.deepEqual(outcome.failures, []);
  const artifacts = artifactsOfRun('run-per-file');
  const byName = new Map(artifacts.map((a) => [a.name, a]));
  const expectedNames: Record<string, string> = {
    'converted/a.pdf': 'a.pdf',
    'converted/a|b*c.pdf': 'a_b_c.pdf',
    'converted/sub-b.html': 'sub-b.html',
    'converted/sub/b.html': 'sub-b-2.html',
    'converted/sub/deep/c d.pdf': 'sub-deep-c d.pdf',
  };
  assert.deepEqual(
    [...byName.keys()].sort(),
    ['converted-documents', ...Object.values(expectedNames)].sort(),
  );
  for (const [relative, name] of Object.entries(expectedNames)) {
    const artifact = byName.get(name);
    assert.ok(artifact?.finalized, name);
    const bytes = await azurite.download(CONTAINER, artifact.blobName);
    assert.deepEqual(bytes, contents[relative as keyof typeof contents], `raw bytes of ${name}`);
    assert.equal(
      outcome.fileLinks.get(paths[relative] as string)?.artifact,
      `https://github.com/octo/docs/actions/runs/778/artifacts/${artifact.id}`,
    );
  }

  // The zipped artifact holds the file with refused characters under a cleaned path rather than failing.
  const zipped = byName.get('converted-documents');
  assert.ok(zipped);
  const entries = readZipEntries(await azurite.download(CONTAINER, zipped.blobName));
  assert.deepEqual([...entries.keys()].sort(), [
    'a.pdf',
    'a_b_c.pdf',
    'sub-b.html',
    'sub/b.html',
    'sub/deep/c d.pdf',
  ]);
  assert.deepEqual(entries.get('a_b_c.pdf'), contents['converted/a|b*c.pdf']);
});

test('an artifact name already used in the run is a failure of the artifact step only', async () => {
  startRun('run-conflict');
  const ws = await makeWorkspace();
  const file = await ws.write('converted/x.pdf', 'x');
  const settings = makeSettings(ws, { targets: ['artifact'] });
  const results = [result(ws, 'docs/x.docx', 'pdf', 'converted', [file])];
  const env = makeEnvironment({ artifactServiceAvailable: true });

  const first = await publishResults(settings, results, env);
  const second = await publishResults(settings, results, env);

  assert.deepEqual(first.failures, []);
  assert.equal(second.artifactId, undefined);
  assert.equal(second.failures.length, 1);
  assert.match(
    second.failures[0] ?? '',
    /^artifact: upload of 'converted-documents' failed: .*409.*already exists/,
  );
});

test('outside a runner the artifact step is skipped with a notice, not a failure', async () => {
  const ws = await makeWorkspace();
  const file = await ws.write('converted/x.pdf', 'x');
  const settings = makeSettings(ws, { targets: ['artifact'], artifactPerFile: true });
  const requestsBefore = service.authorizations.length;

  const outcome = await publishResults(
    settings,
    [result(ws, 'docs/x.docx', 'pdf', 'converted', [file])],
    makeEnvironment({ artifactServiceAvailable: false }),
  );

  assert.deepEqual(outcome.failures, []);
  assert.deepEqual(outcome.notices, [
    'artifact: skipped, not running on a GitHub runner (no ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL)',
  ]);
  assert.equal(outcome.artifactUrl, undefined);
  assert.equal(service.authorizations.length, requestsBefore, 'no call to the results service');
});

/** Runs `use` with environment variables set, restoring them afterwards. */
async function withEnv<T>(values: Record<string, string>, use: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  try {
    return await use();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

test('per-file artifacts stop one short of the job limit; the rest are noted as being in the zipped artifact', async () => {
  startRun('run-limit');
  const ws = await makeWorkspace();
  const files: string[] = [];
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f'])
    files.push(await ws.write(`converted/${name}.pdf`, name));
  const settings = makeSettings(ws, { targets: ['artifact'], artifactPerFile: true });
  const results = files.map((file, i) => result(ws, `docs/d${i}.docx`, 'pdf', 'converted', [file]));
  const env = makeEnvironment({ artifactServiceAvailable: true, runId: 780 });
  service.maxArtifactsPerJob = 4;
  try {
    const outcome = await publishResults(settings, results, env, { maxArtifactsPerJob: 4 });

    assert.deepEqual(outcome.failures, []);
    assert.deepEqual(outcome.notices, [
      "artifact: 3 of 6 files got no artifact of their own (GitHub allows 4 artifacts per job, one of them the zipped artifact); they are in the zipped artifact 'converted-documents'",
    ]);
    assert.deepEqual(
      artifactsOfRun('run-limit')
        .map((a) => a.name)
        .sort(),
      ['a.pdf', 'b.pdf', 'c.pdf', 'converted-documents'],
    );
    assert.deepEqual(
      files.map((file) => outcome.fileLinks.get(file)?.artifact !== undefined),
      [true, true, true, false, false, false],
    );
    const zipped = artifactsOfRun('run-limit').find((a) => a.name === 'converted-documents');
    const entries = readZipEntries(await azurite.download(CONTAINER, zipped?.blobName ?? ''));
    assert.equal(entries.get('f.pdf')?.toString(), 'f');
    // The stand-in refuses one more artifact in this job, as the service does.
    await assert.rejects(
      new DefaultArtifactClient().uploadArtifact('one-too-many', [files[0] as string], ws.outputDir),
      /CreateArtifact.*\(412\).*maximum number of artifacts per job \(4\)/,
    );
  } finally {
    service.maxArtifactsPerJob = 500;
  }
});

test('a failure to stage the per-file artifacts is a failure of that step, not a rejected publish', async () => {
  startRun('run-staging');
  const ws = await makeWorkspace();
  const file = await ws.write('converted/a.pdf', 'A');
  const notADirectory = await ws.write('runner-temp-is-a-file', '');
  const settings = makeSettings(ws, { targets: ['artifact'], artifactPerFile: true });
  const env = makeEnvironment({
    artifactServiceAvailable: true,
    runId: 781,
    temporaryDirectory: notADirectory,
  });

  const outcome = await publishResults(
    settings,
    [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])],
    env,
  );

  assert.equal(outcome.failures.length, 1);
  assert.match(outcome.failures[0] ?? '', /^artifact: per-file artifacts failed: ENOTDIR/);
  assert.ok(outcome.artifactId, 'the zipped artifact needs no staging and is still uploaded');
  assert.deepEqual(
    artifactsOfRun('run-staging').map((a) => a.name),
    ['converted-documents'],
  );
});

test('on GitHub Enterprise Server the artifact step is skipped with a notice, not a failure', async () => {
  startRun('run-ghes');
  const ws = await makeWorkspace();
  const file = await ws.write('converted/a.pdf', 'A');
  const settings = makeSettings(ws, { targets: ['artifact'], artifactPerFile: true });
  const env = makeEnvironment({ artifactServiceAvailable: true, serverUrl: 'https://ghes.example.com' });
  const requestsBefore = service.authorizations.length;

  const outcome = await withEnv({ GITHUB_SERVER_URL: 'https://ghes.example.com' }, () =>
    publishResults(settings, [result(ws, 'docs/a.docx', 'pdf', 'converted', [file])], env),
  );

  assert.deepEqual(outcome.failures, []);
  assert.deepEqual(outcome.notices, [
    'artifact: skipped, GitHub Enterprise Server does not support @actions/artifact v2+; use publish: none or actions/upload-artifact@v3 on GHES',
  ]);
  assert.equal(outcome.artifactUrl, undefined);
  assert.equal(service.authorizations.length, requestsBefore, 'no call to the results service');
});
