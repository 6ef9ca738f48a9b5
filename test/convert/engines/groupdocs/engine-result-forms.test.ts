/**
 * The engine collects results in every documented form: located by `url` alone, pages named with the format's other
 * spelling or another separator. Whatever the form, the plan names every local file, and a result on another host
 * fails the document before anything is written.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import nock from 'nock';
import { DownloadBudget } from '../../../../src/convert/download-budget.ts';
import type { RemoteOutput } from '../../../../src/convert/engines/engine.ts';
import { GroupDocsClient } from '../../../../src/convert/engines/groupdocs/client.ts';
import { GroupDocsEngine } from '../../../../src/convert/engines/groupdocs/engine.ts';
import { OutputClaims } from '../../../../src/convert/output-claims.ts';
import type { ConversionJob } from '../../../../src/plan/types.ts';
import { freshToken, tokenAnswer } from './fixtures/tokens.ts';

const BASE = 'http://gd.test';
const signal = () => new AbortController().signal;
let workDir = '';

function engine(): GroupDocsEngine {
  const client = new GroupDocsClient({
    baseUrl: BASE,
    clientId: 'id',
    clientSecret: 'secret',
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
  });
  return new GroupDocsEngine(client, {
    runFolder: 'run',
    loadOptions: undefined,
    convertOptions: undefined,
    outputs: new OutputClaims([]),
    downloads: new DownloadBudget({ maxDownloadBytes: 1024 * 1024, maxTotalDownloadBytes: 4 * 1024 * 1024 }),
  });
}

function job(format: string, stem = 'report'): ConversionJob {
  return {
    id: `0-${format}`,
    documentIndex: 0,
    format,
    outputDirectory: path.join(workDir, 'out'),
    expectedOutput: `out/${stem}-page-1.${format}`,
    source: {
      absolutePath: path.join(workDir, `${stem}.docx`),
      workspacePath: `docs/${stem}.docx`,
      outputSubdir: '',
      stem,
      extension: 'docx',
      sizeBytes: 5,
    },
  };
}

/** Serves every stored file as its own key, so a test sees which key each local file came from. */
function storageServingKeys() {
  return nock(BASE)
    .get(/\/v2\.0\/conversion\/storage\/file\/.*/)
    .reply(200, (request: Request) =>
      decodeURIComponent(new URL(request.url).pathname.split('/file/')[1] ?? ''),
    )
    .persist();
}

async function written(): Promise<Record<string, string>> {
  const dir = path.join(workDir, 'out');
  const files = await readdir(dir).catch(() => []);
  return Object.fromEntries(
    await Promise.all(files.sort().map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')] as const)),
  );
}

before(() => nock.disableNetConnect());
beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'gd-result-forms-'));
  nock(BASE)
    .post('/connect/token')
    .reply(200, tokenAnswer(freshToken('forms')))
    .persist();
});
afterEach(async () => {
  nock.cleanAll();
  await rm(workDir, { recursive: true, force: true });
});
after(() => nock.enableNetConnect());

describe('GroupDocsEngine, results in each documented form', { timeout: 20_000 }, () => {
  const pages = (url: (n: number) => string): RemoteOutput[] =>
    [1, 2].map((n) => ({ name: `report-page-${n}.png`, path: '', url: url(n), size: 100 }));

  for (const [form, url] of [
    ['a storage key', (n: number) => `run/out/report-page-${n}.png`],
    ['a storage-prefixed key', (n: number) => `Storage:run/out/report-page-${n}.png`],
    [
      'a URL on the configured API',
      (n: number) => `${BASE}/v2.0/conversion/storage/file/run/out/report-page-${n}.png`,
    ],
  ] as const) {
    it(`downloads pages listed without path, by a url that is ${form}`, async () => {
      storageServingKeys();
      await engine().collect(job('png'), pages(url), signal());
      assert.deepEqual(await written(), {
        'report-page-1.png': 'run/out/report-page-1.png',
        'report-page-2.png': 'run/out/report-page-2.png',
      });
    });
  }

  it('fails the document, writing nothing and sending nothing, when a page is on another host', async () => {
    const served = storageServingKeys();
    const elsewhere = nock('https://files.example').get(/.*/).reply(200, 'x').persist();
    const outputs = pages((n) =>
      n === 2 ? 'https://files.example/report-page-2.png' : `run/out/report-page-${n}.png`,
    );
    await assert.rejects(
      engine().collect(job('png'), outputs, signal()),
      /another host than the configured API/,
    );
    assert.deepEqual(await written(), {});
    assert.equal(served.pendingMocks().length, 1, 'the storage was not asked for page 1 either');
    assert.equal(elsewhere.pendingMocks().length, 1, 'nothing was sent to the other host');
  });

  for (const [format, names] of [
    ['jpg', ['report-page-1.jpeg', 'report-page-2.JPEG']],
    ['jpeg', ['report-page-1.jpg', 'report-page-2.jpg']],
    ['tiff', ['report_page_1.tif', 'report_page_2.tif']],
    ['tif', ['report-page-1.tiff', 'report-page-2.tiff']],
    ['png', ['report_1.png', 'report_2.png']],
    ['png', ['report page 01.png', 'report page 02.png']],
    ['png', ['report.page2.png', 'report.page1.png']],
  ] as const) {
    it(`places ${names.join(', ')} as the pages of a ${format} target, under the plan's names`, async () => {
      storageServingKeys();
      const outputs = names.map((name) => ({ name, path: `run/out/${name}`, size: 100 }));
      await engine().collect(job(format), outputs, signal());
      const expected = Object.fromEntries(
        names.map((name) => {
          const page = Number(/(\d+)\.[a-z]+$/i.exec(name)?.[1]);
          return [`report-page-${page}.${format}`, `run/out/${name}`];
        }),
      );
      assert.deepEqual(await written(), Object.fromEntries(Object.entries(expected).sort()));
    });
  }

  for (const [why, names] of [
    ['another stem', ['other-page-1.png', 'other-page-2.png']],
    ['another format', ['report-page-1.gif', 'report-page-2.gif']],
    ['no separator before the number', ['report1.png', 'report2.png']],
    ['a path in the name', ['../report-page-1.png', '../report-page-2.png']],
    ['page 0', ['report-page-0.png', 'report-page-1.png']],
    ['one page twice in two spellings', ['report-page-1.png', 'report_page_01.png']],
    ['more than a page number after the word page', ['report-page-1-of-2.png', 'report-page-2-of-2.png']],
  ] as const) {
    it(`still refuses pages with ${why}, writing nothing`, async () => {
      const served = storageServingKeys();
      const outputs = names.map((name) => ({ name, path: `run/out/${name}`, size: 100 }));
      await assert.rejects(engine().collect(job('png'), outputs, signal()), /nothing was written/);
      assert.deepEqual(await written(), {});
      assert.equal(served.pendingMocks().length, 1, 'nothing was downloaded');
    });
  }
});
