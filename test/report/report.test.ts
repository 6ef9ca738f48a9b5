import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { JobResult } from '../../src/convert/results.ts';
import { progressLine } from '../../src/convert/results.ts';
import { failureReason, fileEntries, writeJobSummary } from '../../src/report/index.ts';
import { fakeJob } from '../convert/fake-engine.ts';

const workspace = '/ws';
const job = (i: number, name: string) => ({ ...fakeJob(i, name), outputDirectory: '/ws/converted' });
const converted = (i: number, name: string): JobResult => ({
  job: job(i, name),
  status: 'converted',
  outputs: [`/ws/converted/${name.replace(/\.docx$/, '.pdf')}`],
  durationMs: 1234,
});
const failed = (i: number, name: string, status: 'failed' | 'timed-out' = 'failed'): JobResult => ({
  job: job(i, name),
  status,
  outputs: [],
  error: status === 'failed' ? 'Document is corrupted' : 'the timeout (3s) passed before it finished',
  durationMs: 10,
});

describe('progressLine', () => {
  it('counts converted, failed and in progress', () => {
    const done = [converted(0, 'a.docx'), converted(1, 'b.docx'), failed(2, 'c.docx')];
    assert.equal(progressLine(done, 40), '2/40 converted, 1 failed, 37 in progress');
    assert.equal(progressLine([], 3), '0/3 converted, 3 in progress');
  });
});

describe('failureReason', () => {
  it('is undefined when every document converted', () => {
    assert.equal(failureReason([converted(0, 'a.docx')]), undefined);
  });

  it('names a few failed documents, then counts the rest', () => {
    const results = [
      converted(0, 'ok.docx'),
      ...['a', 'b', 'c', 'd', 'e'].map((n, i) =>
        failed(i + 1, `${n}.docx`, i === 1 ? 'timed-out' : 'failed'),
      ),
    ];
    assert.equal(
      failureReason(results),
      '5 of 6 conversions did not succeed: a.docx (pdf, failed), b.docx (pdf, timed-out), c.docx (pdf, failed), and 2 more',
    );
  });
});

describe('fileEntries', () => {
  it('gives workspace-relative outputs, the error, the duration and the links of each job', () => {
    const links = new Map([['/ws/converted/a.pdf', { artifact: 'https://example.test/artifacts/1' }]]);
    const entries = fileEntries(
      [converted(0, 'a.docx'), failed(1, 'b.docx')],
      { workspace },
      { fileLinks: links },
    );
    assert.deepEqual(entries, [
      {
        source: 'a.docx',
        format: 'pdf',
        status: 'converted',
        outputs: ['converted/a.pdf'],
        'duration-ms': 1234,
        links: { artifact: 'https://example.test/artifacts/1' },
      },
      {
        source: 'b.docx',
        format: 'pdf',
        status: 'failed',
        outputs: [],
        error: 'Document is corrupted',
        'duration-ms': 10,
      },
    ]);
  });
});

describe('writeJobSummary', () => {
  it('writes one row per job with status, outputs or reason, time, and the totals', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'summary-'));
    const file = path.join(dir, 'summary.md');
    await writeFile(file, '');
    process.env.GITHUB_STEP_SUMMARY = file;
    try {
      const settings = { workspace, publish: { artifactName: 'docs' } } as Parameters<
        typeof writeJobSummary
      >[1];
      await writeJobSummary(
        [converted(0, 'a|b.docx'), failed(1, 'c.docx', 'timed-out')],
        settings,
        undefined,
        path.join(workspace, 'converted/conversion-report.json'),
      );
    } finally {
      delete process.env.GITHUB_STEP_SUMMARY;
    }
    const summary = await readFile(file, 'utf8');
    assert.match(
      summary,
      /^## Document conversion\n\n\| Document \| Format \| Status \| Outputs or reason \| Time \|\n/,
    );
    assert.match(
      summary,
      /\| a\\\|b\\\.docx \| pdf \| ✅ converted \| converted\\\/a\\\|b\\\.pdf \| 1\.2 s \|/,
    );
    assert.match(
      summary,
      /\| c\\\.docx \| pdf \| ⏱️ timed out \| the timeout \\\(3s\\\) passed before it finished \| 0\.0 s \|/,
    );
    assert.match(summary, /1 converted, 0 failed, 1 timed out, of 2\./);
    assert.match(summary, /Every result: the report converted\\\/conversion\\-report\\\.json\./);
  });
});
