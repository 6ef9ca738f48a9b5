import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import nock from 'nock';
import { ServiceUnusableError } from '../../../src/engines/engine.ts';
import { GroupDocsClient } from '../../../src/engines/groupdocs/client.ts';
import { GroupDocsEngine } from '../../../src/engines/groupdocs/engine.ts';
import type { ConversionJob } from '../../../src/plan-types.ts';
import { freshToken, tokenAnswer } from './fixtures/tokens.ts';

const BASE = 'http://gd.test';
const RUN = 'run-folder';
const signal = () => new AbortController().signal;
let workDir = '';

function engine(): GroupDocsEngine {
  const client = new GroupDocsClient({
    baseUrl: BASE,
    clientId: 'id',
    clientSecret: 'secret',
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    random: () => 0.5,
  });
  return new GroupDocsEngine(client, {
    runFolder: RUN,
    loadOptions: undefined,
    convertOptions: { fromPage: 1 },
  });
}

/** docs/<linkName>, a link (or file) whose real file may have another name; outputs go to <workDir>/out. */
function job(index: number, format: string, linkName = 'a b.docx', realName = linkName): ConversionJob {
  const stem = linkName.replace(/\.[^.]+$/, '');
  return {
    id: `${index}-${format}`,
    documentIndex: index,
    format,
    outputDirectory: path.join(workDir, 'out'),
    expectedOutput: `out/${format === 'png' ? `${stem}-page-1` : stem}.${format}`,
    source: {
      absolutePath: path.join(workDir, realName),
      workspacePath: `docs/${linkName}`,
      outputSubdir: '',
      stem,
      extension: 'docx',
      sizeBytes: 5,
    },
  };
}

before(() => nock.disableNetConnect());
beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'gd-engine-'));
  await writeFile(path.join(workDir, 'a b.docx'), 'hello');
  await writeFile(path.join(workDir, 'real target.docx'), 'hello');
  nock(BASE)
    .post('/connect/token')
    .reply(200, tokenAnswer(freshToken('engine')))
    .persist();
});
afterEach(async () => {
  nock.cleanAll();
  await rm(workDir, { recursive: true, force: true });
});
after(() => nock.enableNetConnect());

describe('GroupDocsEngine', { timeout: 20_000 }, () => {
  it('uploads a source once for all its formats, under the name the user sees, and starts each format', async () => {
    const uploads: string[] = [];
    const starts: Record<string, unknown>[] = [];
    nock(BASE)
      .put(/\/v2\.0\/conversion\/storage\/file\/.*/)
      .reply(200, (request: Request) => {
        uploads.push(decodeURIComponent(new URL(request.url).pathname));
        return { uploaded: ['x'], errors: [] };
      })
      .persist();
    nock(BASE)
      .post('/v2.0/conversion/async')
      .reply(200, async (request: Request) => {
        starts.push((await request.json()) as Record<string, unknown>);
        return JSON.stringify(`op-${starts.length}`);
      })
      .persist();
    const gd = engine();
    const ids = await Promise.all([
      gd.submit(job(0, 'pdf', 'linked name.docx', 'real target.docx'), signal()),
      gd.submit(job(0, 'html', 'linked name.docx', 'real target.docx'), signal()),
    ]);
    assert.deepEqual(ids.sort(), ['op-1', 'op-2']);
    assert.deepEqual(uploads, [`/v2.0/conversion/storage/file/${RUN}/input/0/linked name.docx`]);
    assert.deepEqual(starts.map((s) => [s.filePath, s.format, s.outputPath, s.convertOptions]).sort(), [
      [`${RUN}/input/0/linked name.docx`, 'html', `${RUN}/output/0-html/1`, { fromPage: 1 }],
      [`${RUN}/input/0/linked name.docx`, 'pdf', `${RUN}/output/0-pdf/1`, { fromPage: 1 }],
    ]);
  });

  it('starts again, in a fresh output folder, when the answer to a start was lost', async () => {
    nock(BASE)
      .put(/storage\/file/)
      .reply(200, { uploaded: ['x'], errors: [] });
    const outputPaths: string[] = [];
    nock(BASE)
      .post('/v2.0/conversion/async')
      .reply(502, async (request: Request) => {
        outputPaths.push(((await request.json()) as { outputPath: string }).outputPath);
        return 'bad gateway';
      })
      .post('/v2.0/conversion/async')
      .reply(200, async (request: Request) => {
        outputPaths.push(((await request.json()) as { outputPath: string }).outputPath);
        return '"op-2"';
      });
    assert.equal(await engine().submit(job(0, 'pdf'), signal()), 'op-2');
    assert.deepEqual(outputPaths, [`${RUN}/output/0-pdf/1`, `${RUN}/output/0-pdf/2`]);
  });

  it('does not start again when the service refused the start', async () => {
    nock(BASE)
      .put(/storage\/file/)
      .reply(200, { uploaded: ['x'], errors: [] });
    nock(BASE)
      .post('/v2.0/conversion/async')
      .reply(400, { error: { message: 'Format not supported' } });
    await assert.rejects(engine().submit(job(0, 'pdf'), signal()), /Format not supported/);
  });

  it('turns rejected credentials into one run-wide error', async () => {
    nock.cleanAll();
    nock(BASE).post('/connect/token').reply(400, { error: 'invalid_client' });
    await assert.rejects(engine().submit(job(0, 'pdf'), signal()), ServiceUnusableError);
  });

  it('maps operation states, with the service’s own reason for a failure', async () => {
    nock(BASE)
      .get('/v2.0/conversion/async')
      .query({ id: 'a' })
      .reply(200, { id: 'a', status: 'Started' })
      .get('/v2.0/conversion/async')
      .query({ id: 'b' })
      .reply(200, { id: 'b', status: 'Failed', error: 'Password required' })
      .get('/v2.0/conversion/async')
      .query({ id: 'c' })
      .reply(200, {
        id: 'c',
        status: 'Finished',
        created: '2026-01-01T00:00:00.000Z',
        finished: '2026-01-01T00:00:02.500Z',
        result: [{ name: 'a b.pdf', path: `${RUN}/output/0-pdf/1/a b.pdf`, size: 3 }],
      });
    const gd = engine();
    assert.deepEqual(await gd.check('a', signal()), { state: 'pending' });
    assert.deepEqual(await gd.check('b', signal()), { state: 'failed', error: 'Password required' });
    assert.deepEqual(await gd.check('c', signal()), {
      state: 'finished',
      outputs: [{ name: 'a b.pdf', path: `${RUN}/output/0-pdf/1/a b.pdf`, size: 3 }],
      durationMs: 2500,
    });
  });

  it('writes a single result under the planned name, whatever the service called it', async () => {
    nock(BASE)
      .get(/storage\/file/)
      .reply(200, 'PDF!');
    const written = await engine().collect(
      job(0, 'pdf', 'linked name.docx', 'real target.docx'),
      [{ name: 'real target.pdf', path: `${RUN}/output/0-pdf/1/real target.pdf`, size: 4 }],
      signal(),
    );
    assert.deepEqual(written, [path.join(workDir, 'out', 'linked name.pdf')]);
    assert.equal(await readFile(written[0] as string, 'utf8'), 'PDF!');
  });

  it('refuses a hostile result name before writing anything', async () => {
    const scope = nock(BASE)
      .get(/storage\/file/)
      .reply(200, 'x');
    await assert.rejects(
      engine().collect(
        job(0, 'pdf'),
        [{ name: '../../escaped.pdf', path: `${RUN}/x.pdf`, size: 1 }],
        signal(),
      ),
      /unsafe result name "\.\.\/\.\.\/escaped\.pdf"/,
    );
    assert.ok(!scope.isDone(), 'nothing was downloaded');
  });

  it('refuses a multi-page result when any page has a hostile name, writing no page', async () => {
    const scope = nock(BASE)
      .get(/storage\/file/)
      .times(3)
      .reply(200, 'page');
    const pages = [
      { name: 'a b-page-1.png', path: `${RUN}/o/a b-page-1.png`, size: 4 },
      { name: '../../escaped-page-2.png', path: `${RUN}/o/escaped-page-2.png`, size: 4 },
      { name: 'a b-page-3.png', path: `${RUN}/o/a b-page-3.png`, size: 4 },
    ];
    await assert.rejects(
      engine().collect(job(0, 'png'), pages, signal()),
      /unsafe result name "\.\.\/\.\.\/escaped-page-2\.png"; nothing was written/,
    );
    assert.ok(!scope.isDone(), 'nothing was downloaded');
    assert.deepEqual((await readdir(workDir)).sort(), ['a b.docx', 'real target.docx']);
    nock.cleanAll();
  });

  it('writes the pages of a multi-page result under the service’s page names', async () => {
    nock(BASE)
      .get(/a%20b-page-1\.png$/)
      .reply(200, 'one')
      .get(/a%20b-page-2\.png$/)
      .reply(200, 'two');
    const pages = [1, 2].map((n) => ({
      name: `a b-page-${n}.png`,
      path: `${RUN}/o/a b-page-${n}.png`,
      size: 3,
    }));
    const written = await engine().collect(job(0, 'png'), pages, signal());
    assert.deepEqual(written, [
      path.join(workDir, 'out', 'a b-page-1.png'),
      path.join(workDir, 'out', 'a b-page-2.png'),
    ]);
    assert.equal(await readFile(written[1] as string, 'utf8'), 'two');
  });

  it('fails a conversion the service calls finished but that has no result file', async () => {
    await assert.rejects(
      engine().collect(job(0, 'pdf'), [], signal()),
      new Error('the service reported success but returned no output file'),
    );
  });

  it('refuses two results with the same name', async () => {
    const pages = [1, 2].map(() => ({ name: 'same.png', path: `${RUN}/o/same.png`, size: 3 }));
    await assert.rejects(
      engine().collect(job(0, 'png'), pages, signal()),
      /two results with the same name; nothing was written/,
    );
  });

  it('keeps no page of a multi-page result when a later page fails', async () => {
    nock(BASE)
      .get(/a%20b-page-1\.png$/)
      .reply(200, 'page one')
      .get(/a%20b-page-2\.png$/)
      .reply(404, { error: { message: 'The specified key does not exist.' } });
    const pages = [1, 2].map((n) => ({
      name: `a b-page-${n}.png`,
      path: `${RUN}/o/a b-page-${n}.png`,
      size: 1,
    }));
    await assert.rejects(engine().collect(job(0, 'png'), pages, signal()), /specified key does not exist/);
    await assert.rejects(readFile(path.join(workDir, 'out', 'a b-page-1.png')), { code: 'ENOENT' });
  });

  it('deletes the run folder on cleanup, and does nothing when nothing was uploaded', async () => {
    assert.equal(await engine().cleanup(signal()), false);
    nock(BASE)
      .put(/storage\/file/)
      .reply(200, { uploaded: ['x'], errors: [] });
    nock(BASE).post('/v2.0/conversion/async').reply(200, '"op"');
    const scope = nock(BASE)
      .delete(`/v2.0/conversion/storage/folder/${RUN}`)
      .query({ recursive: 'true' })
      .reply(200);
    const gd = engine();
    await gd.submit(job(0, 'pdf'), signal());
    assert.equal(await gd.cleanup(signal()), true);
    assert.ok(scope.isDone());
  });
});
