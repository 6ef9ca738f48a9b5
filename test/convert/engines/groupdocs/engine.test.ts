import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import nock from 'nock';
import { DownloadBudget } from '../../../../src/convert/download-budget.ts';
import { ServiceUnusableError } from '../../../../src/convert/engines/engine.ts';
import { GroupDocsClient } from '../../../../src/convert/engines/groupdocs/client.ts';
import { GroupDocsEngine } from '../../../../src/convert/engines/groupdocs/engine.ts';
import { OutputClaims } from '../../../../src/convert/output-claims.ts';
import type { ConversionJob } from '../../../../src/plan/types.ts';
import { freshToken, tokenAnswer } from './fixtures/tokens.ts';

const BASE = 'http://gd.test';
const RUN = 'run-folder';
const signal = () => new AbortController().signal;
let workDir = '';

const LIMITS = { maxDownloadBytes: 1024 * 1024, maxTotalDownloadBytes: 4 * 1024 * 1024 };

function engine(
  direct = false,
  claims = new OutputClaims([]),
  budget = new DownloadBudget(LIMITS),
): GroupDocsEngine {
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
    convertOptions: direct ? undefined : { fromPage: 1 },
    directFlow: () => direct,
    outputs: claims,
    downloads: budget,
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

  it("refuses page names that are not the job's own before writing anything", async () => {
    const scope = nock(BASE)
      .get(/storage\/file/)
      .reply(200, 'x');
    for (const hostile of ['../../escaped.png', '.git', 'README.md', 'victim-page-2.png', 'a b-page-0.png']) {
      await assert.rejects(
        engine().collect(
          job(0, 'png'),
          [
            { name: 'a b-page-1.png', path: `${RUN}/1.png`, size: 1 },
            { name: hostile, path: `${RUN}/x.png`, size: 1 },
          ],
          signal(),
        ),
        new RegExp(
          `named a result ${JSON.stringify(hostile).replace(/[.*?()[\]\\/]/g, '\\$&')}.*must be named "a b-page-<page>\\.png"; nothing was written`,
        ),
      );
    }
    assert.ok(!scope.isDone(), 'nothing was downloaded');
  });

  it('stops a download that grows past the size the service declared, and removes it', async () => {
    nock(BASE)
      .get(/storage\/file/)
      .reply(200, 'x'.repeat(64 * 1024));
    const budget = new DownloadBudget(LIMITS);
    await assert.rejects(
      engine(false, new OutputClaims([]), budget).collect(
        job(0, 'pdf'),
        [{ name: 'a b.pdf', path: `${RUN}/a.pdf`, size: 10 }],
        signal(),
      ),
      /download of ".*" failed: the file grew past the 10 bytes the service declared for it; the download was stopped and removed/,
    );
    assert.deepEqual(await readdir(path.join(workDir, 'out')), []);
    assert.ok(budget.written <= 10, 'no byte past the declared size was written');
  });

  it('refuses results whose declared size passes max-download-size or what the run has left, before any download', async () => {
    const scope = nock(BASE)
      .get(/storage\/file/)
      .reply(200, 'x');
    await assert.rejects(
      engine().collect(
        job(0, 'pdf'),
        [{ name: 'a b.pdf', path: `${RUN}/a.pdf`, size: 2 * 1024 * 1024 }],
        signal(),
      ),
      /declared a result of 2 MiB, more than max-download-size \(1 MiB\); nothing was written/,
    );
    const pages = [1, 2, 3, 4, 5].map((n) => ({
      name: `a b-page-${n}.png`,
      path: `${RUN}/${n}.png`,
      size: 1024 * 1024,
    }));
    await assert.rejects(
      engine().collect(job(0, 'png'), pages, signal()),
      /would pass max-total-download-size \(4 MiB\) for the run; nothing was written/,
    );
    assert.ok(!scope.isDone(), 'nothing was downloaded');
  });

  it('gives back the bytes of a removed partial download, so a repeated download is counted once', async () => {
    nock(BASE)
      .get(/storage\/file/)
      .reply(200, () => {
        // 1000 bytes arrive, then the connection breaks: a transient failure the client repeats.
        const body = new Readable({ read() {} });
        body.push('z'.repeat(1000));
        setTimeout(() => body.destroy(new Error('socket hang up')), 20);
        return body;
      })
      .get(/storage\/file/)
      .reply(200, 'z'.repeat(4000));
    const budget = new DownloadBudget(LIMITS);
    await engine(false, new OutputClaims([]), budget).collect(
      job(0, 'pdf'),
      [{ name: 'a b.pdf', path: `${RUN}/a.pdf`, size: 4000 }],
      signal(),
    );
    assert.equal(budget.written, 4000);
  });

  it('stops downloading when the run reaches max-total-download-size, whatever the files declared', async () => {
    nock(BASE)
      .get(/storage\/file/)
      .times(5)
      .reply(200, () => 'y'.repeat(1024 * 1024));
    const budget = new DownloadBudget({
      maxDownloadBytes: 2 * 1024 * 1024,
      maxTotalDownloadBytes: 3 * 1024 * 1024,
    });
    const gd = engine(false, new OutputClaims([]), budget);
    const undeclared = (n: number) => [{ name: 'a b.pdf', path: `${RUN}/${n}.pdf`, size: 0 }];
    for (const n of [0, 1, 2]) await gd.collect(job(n, 'pdf', `d${n}.docx`), undeclared(n), signal());
    await assert.rejects(
      gd.collect(job(3, 'pdf', 'd3.docx'), undeclared(3), signal()),
      /the run reached max-total-download-size \(3 MiB\); the download was stopped and removed/,
    );
    assert.deepEqual((await readdir(path.join(workDir, 'out'))).sort(), ['d0.pdf', 'd1.pdf', 'd2.pdf']);
    assert.equal(budget.written, 3 * 1024 * 1024);
  });

  it('fails a conversion the service calls finished but that has no result file', async () => {
    await assert.rejects(
      engine().collect(job(0, 'pdf'), [], signal()),
      new Error('the service reported success but returned no output file'),
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
      size: 8,
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

describe('GroupDocsEngine, direct flow', { timeout: 20_000 }, () => {
  it('sends the document with the start, fetches the result by operation id, and leaves storage untouched', async () => {
    let received = '';
    let contentType = '';
    nock(BASE)
      .put('/v2.0/conversion/async')
      .query({ format: 'pdf' })
      .reply(200, async (request: Request) => {
        contentType = request.headers.get('content-type') ?? '';
        received = await request.text();
        return '"op-d"';
      });
    const result = nock(BASE).get('/v2.0/conversion/async/result').query({ id: 'op-d' }).reply(200, 'PDF!');
    const gd = engine(true);
    const theJob = job(0, 'pdf', 'linked name.docx', 'real target.docx');
    assert.equal(await gd.submit(theJob, signal()), 'op-d');
    assert.match(contentType, /^multipart\/form-data; boundary=/);
    assert.match(received, /name="File"; filename="linked name\.docx"\r\n[\s\S]*\r\n\r\nhello\r\n--/);
    // The service's name for the result is not used (and would be refused if it were): the planned name is.
    const written = await gd.collect(theJob, [{ name: '../../escaped.pdf', path: '', size: 4 }], signal());
    assert.ok(result.isDone());
    assert.deepEqual(written, [path.join(workDir, 'out', 'linked name.pdf')]);
    assert.equal(await readFile(written[0] as string, 'utf8'), 'PDF!');
    assert.equal(await gd.cleanup(signal()), false, 'nothing to delete');
  });

  it('sends the document again when the answer to a direct start was lost', async () => {
    let bodies = 0;
    nock(BASE)
      .put('/v2.0/conversion/async')
      .query({ format: 'pdf' })
      .reply(502, async (request: Request) => {
        bodies += (await request.text()).includes('hello') ? 1 : 0;
        return 'bad gateway';
      })
      .put('/v2.0/conversion/async')
      .query({ format: 'pdf' })
      .reply(200, async (request: Request) => {
        bodies += (await request.text()).includes('hello') ? 1 : 0;
        return '"op-2"';
      });
    assert.equal(await engine(true).submit(job(0, 'pdf'), signal()), 'op-2');
    assert.equal(bodies, 2);
  });

  it('refuses a direct result made of several files rather than write a zip under a document’s name', async () => {
    nock(BASE).put('/v2.0/conversion/async').query(true).reply(200, '"op-z"');
    const scope = nock(BASE).get('/v2.0/conversion/async/result').query(true).reply(200, 'PK');
    const gd = engine(true);
    await gd.submit(job(0, 'pdf'), signal());
    const outputs = [1, 2].map((n) => ({ name: `a b-${n}.pdf`, path: '', size: 1 }));
    await assert.rejects(gd.collect(job(0, 'pdf'), outputs, signal()), /made 2 files where one was expected/);
    assert.ok(!scope.isDone(), 'nothing was downloaded');
  });
});
