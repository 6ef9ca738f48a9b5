/**
 * The GroupDocs engine's end-to-end scenarios, run through the bundle once per answer form the service documents
 * (test/emulator/CONFORMANCE.md): results without `path` located by each form of `url`, numeric statuses, bare-text
 * operation ids, tokens of a day. Every form must convert and publish the same files.
 *
 * Scenarios, chosen to cross every answer a form changes: the storage flow to a single-file and a multi-page
 * target (upload, start, status, result list, downloads by path or url, folder delete), published as an artifact
 * (results service + Azurite stand-ins) and a commit (GitHub stand-in); and the direct flow (start with the
 * document, status, result by operation id). The faults, deadlines, cancellation and hostile-name scenarios do not
 * depend on the answer form and stay in action.e2e and hostile-server.e2e, run once.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, type EmulatorOptions, startEmulator } from '../emulator/server.ts';
import { readZipEntries } from '../publish/helpers.ts';
import { type Azurite, startAzurite } from '../stand-ins/azurite.ts';
import { type GitHubApiStandIn, startGitHubApi } from '../stand-ins/github-api.ts';
import { type ResultsService, runtimeToken, startResultsService } from '../stand-ins/results-service.ts';
import { listOutputs, sha256Of, writeFiles } from './fixtures.ts';
import {
  bundle,
  explain,
  FAKE_GITHUB_TOKEN,
  filesOf,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
} from './run-action.ts';

const CLIENT = { 'client-id': 'forms-client', 'client-secret': 'forms-Secret-5e6f7a8b9c' };
const CLIENT_OPTIONS: EmulatorOptions = {
  clientId: CLIENT['client-id'],
  clientSecret: CLIENT['client-secret'],
  conversion: { fixedMs: 5, jitterMs: 10 },
  pages: 2,
};
const CONTAINER = 'actions-results';

/** Each documented answer form the default answers do not already show. */
const FORMS: ReadonlyArray<{ name: string; options: EmulatorOptions }> = [
  { name: 'results without path, url a storage key', options: { answers: { omitPath: true, url: 'key' } } },
  {
    name: 'results without path, url a storage-prefixed key',
    options: { answers: { omitPath: true, url: 'storage-prefixed' } },
  },
  {
    name: 'results without path, url a full URL on the API',
    options: { answers: { omitPath: true, url: 'full' } },
  },
  { name: 'numeric statuses', options: { answers: { numericStatus: true } } },
  { name: 'bare-text operation ids', options: { answers: { bareTextIds: true } } },
  { name: 'tokens of 86400 s', options: { tokenLifetimeSeconds: 86_400 } },
];

/** Awkward names on purpose: the url forms carry them encoded, prefixed or inside a URL. */
const DOCUMENTS: Record<string, string> = {
  'docs/a #1.docx': 'first document\n',
  'docs/section 2/Überblick ñ 日本.docx': 'second document\n',
  'docs/slides (draft).pptx': 'third document\n',
};

/** What one run converted and published, by form: compared across forms at the end. */
const published = new Map<string, { storage: string[]; direct: string[] }>();

describe('the GroupDocs engine in every documented answer form', { concurrency: false }, () => {
  let azurite: Azurite;
  let service: ResultsService;
  let github: GitHubApiStandIn;
  let seed: string;

  before(async () => {
    assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build:test (npm test does)`);
    azurite = await startAzurite();
    await azurite.container(CONTAINER).create();
    service = await startResultsService({ container: CONTAINER, signUploadUrl: azurite.signedUploadUrl });
    github = await startGitHubApi('octo', 'docs');
    github.tokens.set(FAKE_GITHUB_TOKEN, { contents: 'write', pullRequests: 'write' });
    seed = github.commitFiles('main', { 'README.md': 'docs' }, 'seed');
  });
  after(async () => {
    await service?.close();
    await azurite?.stop();
    await github?.close();
    await removeTempWorkspaces();
  });

  for (const [index, form] of FORMS.entries()) {
    describe(form.name, { concurrency: false }, () => {
      let emulator: Emulator;
      const record = { storage: [] as string[], direct: [] as string[] };

      before(async () => {
        emulator = await startEmulator({ ...CLIENT_OPTIONS, seed: index + 1, ...form.options });
        published.set(form.name, record);
      });
      after(() => emulator?.close());

      it('converts by the storage flow to pdf and png pages, and publishes them as an artifact and a commit', async () => {
        const workspace = await tempWorkspace();
        await writeFiles(workspace, DOCUMENTS);
        const branch = `converted-${index}`;
        const run = await runAction({
          workspace,
          inputs: {
            ...CLIENT,
            'api-base-url': emulator.url,
            path: 'docs',
            'base-dir': 'docs',
            format: 'pdf, png',
            publish: 'artifact, commit',
            'commit-branch': branch,
            'artifact-name': `converted-${index}`,
            // Every form converts for itself: nothing is reused from an earlier form's run.
            cache: 'false',
          },
          env: {
            ACTIONS_RUNTIME_TOKEN: runtimeToken(`run-${index}`, 'convert'),
            ACTIONS_RESULTS_URL: `${service.url}/`,
            GITHUB_API_URL: github.url,
            // Artifacts v2 are refused on any other server (GHES); nothing is sent to it.
            GITHUB_SERVER_URL: 'https://github.com',
            GITHUB_SHA: seed,
          },
        });
        assert.equal(run.exitCode, 0, explain(run));
        assert.equal(run.outputs.converted, '6');
        // Less the manifest that commit mode keeps beside the outputs (.convert-documents.json).
        const outputs = (await listOutputs(path.join(workspace, 'converted'))).filter(
          (f) => !f.endsWith('.json'),
        );
        const stems = ['a #1', 'section 2/Überblick ñ 日本', 'slides (draft)'];
        assert.deepEqual(
          outputs,
          stems.flatMap((stem) => [`${stem}-page-1.png`, `${stem}-page-2.png`, `${stem}.pdf`]).sort(),
        );
        for (const entry of filesOf(run)) {
          const hash = await sha256Of(path.join(workspace, entry.source));
          for (const output of entry.outputs) {
            const content = await readFile(path.join(workspace, output), 'latin1');
            assert.ok(content.includes(`sha256: ${hash}`), `${output} was not made from ${entry.source}`);
          }
        }
        const stats = emulator.stats();
        assert.equal(stats.requests.upload, 3, 'the storage flow was taken');
        assert.equal(stats.requests.directStart, 0);
        assert.deepEqual(await emulator.listStorage(''), [], 'the run folder was deleted');

        const artifact = service.artifacts.find((a) => a.name === `converted-${index}`);
        assert.ok(artifact?.finalized, `the artifact was not uploaded\n${explain(run)}`);
        const zipped = readZipEntries(await azurite.download(CONTAINER, artifact.blobName));
        assert.deepEqual([...zipped.keys()].filter((name) => !name.endsWith('.json')).sort(), outputs);
        for (const output of outputs) {
          assert.deepEqual(zipped.get(output), await readFile(path.join(workspace, 'converted', output)));
        }
        const head = github.branches.get(branch) ?? '';
        const committed = [...github.filesAt(head).keys()].filter((file) => file.startsWith('converted/'));
        assert.deepEqual(
          committed.filter((file) => !file.endsWith('.json')).sort(),
          outputs.map((output) => `converted/${output}`),
        );
        record.storage = outputs;
      });

      it('converts by the direct flow to pdf alone', async () => {
        const workspace = await tempWorkspace();
        await writeFiles(workspace, DOCUMENTS);
        emulator.resetStats();
        const run = await runAction({
          workspace,
          inputs: {
            ...CLIENT,
            'api-base-url': emulator.url,
            path: 'docs',
            'base-dir': 'docs',
            format: 'pdf',
            publish: 'none',
            cache: 'false',
          },
        });
        assert.equal(run.exitCode, 0, explain(run));
        assert.equal(run.outputs.converted, '3');
        const stats = emulator.stats();
        assert.equal(stats.requests.directStart, 3, 'the direct flow was taken');
        assert.equal(stats.requests.upload, 0);
        const outputs = await listOutputs(path.join(workspace, 'converted'));
        assert.deepEqual(outputs, ['a #1.pdf', 'section 2/Überblick ñ 日本.pdf', 'slides (draft).pdf']);
        for (const entry of filesOf(run)) {
          const hash = await sha256Of(path.join(workspace, entry.source));
          const content = await readFile(path.join(workspace, entry.outputs[0] ?? ''), 'latin1');
          assert.ok(
            content.includes(`sha256: ${hash}`),
            `${entry.outputs[0]} was not made from ${entry.source}`,
          );
        }
        record.direct = outputs;
      });
    });
  }

  it('fails every document, sends nothing elsewhere and writes nothing, when results are URLs on another host', async () => {
    const elsewhere: string[] = [];
    const decoy = http.createServer((request, response) => {
      elsewhere.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
      response.end('not yours');
    });
    decoy.listen(0, '127.0.0.1');
    await once(decoy, 'listening');
    const decoyUrl = `http://127.0.0.1:${(decoy.address() as AddressInfo).port}`;
    const emulator = await startEmulator({
      ...CLIENT_OPTIONS,
      answers: { omitPath: true, url: 'full', urlOrigin: decoyUrl },
    });
    try {
      const workspace = await tempWorkspace();
      await writeFiles(workspace, DOCUMENTS);
      const run = await runAction({
        workspace,
        inputs: {
          ...CLIENT,
          'api-base-url': emulator.url,
          path: 'docs',
          format: 'pdf, png',
          publish: 'none',
          cache: 'false',
        },
      });
      assert.equal(run.exitCode, 1, explain(run));
      assert.equal(run.outputs.converted, '0');
      for (const entry of filesOf(run)) {
        assert.equal(entry.status, 'failed', JSON.stringify(entry));
        assert.match(entry.error ?? '', /another host than the configured API \(api-base-url\)/);
      }
      assert.deepEqual(elsewhere, [], 'a request went to the other host');
      assert.deepEqual(await listOutputs(path.join(workspace, 'converted')), []);
      assert.ok(!`${run.stdout}${run.summary}`.includes(decoyUrl), 'the other host’s URL was printed');
      assert.deepEqual(await emulator.listStorage(''), [], 'the run folder was deleted');
    } finally {
      await emulator.close();
      decoy.close();
    }
  });

  it('converted and published the same files in every form', () => {
    const forms = [...published.entries()];
    assert.equal(forms.length, FORMS.length);
    const [first] = forms;
    for (const [name, files] of forms) {
      assert.ok(files.storage.length > 0 && files.direct.length > 0, `${name} published nothing`);
      assert.deepEqual(files, first?.[1], `${name} differs from ${first?.[0]}`);
    }
  });
});
