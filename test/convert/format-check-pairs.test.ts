import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFormatPairs } from '../../src/convert/format-check.ts';
import type { ConversionJob } from '../../src/plan/types.ts';
import { fakeJob } from './fake-engine.ts';

describe('checkFormatPairs', () => {
  const supported = new Map([
    ['docx', ['pdf', 'html']],
    ['md', ['pdf']],
  ]);

  it('keeps the pairs the service converts and fails the others, each with what the service can do instead', () => {
    const jobs = [
      fakeJob(0, 'a.docx', 10, 'pdf'),
      fakeJob(1, 'b.md', 10, 'html'),
      fakeJob(2, 'c.xyz', 10, 'pdf'),
      fakeJob(3, 'README', 10, 'pdf'),
      fakeJob(4, 'd.docx', 10, 'html'),
    ];
    const readme = jobs[3] as ConversionJob;
    jobs[3] = { ...readme, source: { ...readme.source, extension: '' } };

    const { runnable, rejected } = checkFormatPairs(jobs, supported);

    assert.deepEqual(
      runnable.map((j) => j.id),
      ['0-pdf', '4-html'],
    );
    assert.deepEqual(
      rejected.map((r) => [r.job.id, r.status, r.error, r.outputs]),
      [
        ['1-html', 'failed', 'the service cannot convert .md to html; it can convert .md to: pdf', []],
        ['2-pdf', 'failed', 'the service cannot read .xyz files', []],
        ['3-pdf', 'failed', 'the file has no extension, so the service cannot tell its format', []],
      ],
    );
  });

  it('rejects nothing when every pair is supported', () => {
    const jobs = [fakeJob(0, 'a.docx'), fakeJob(1, 'b.md')];
    assert.deepEqual(checkFormatPairs(jobs, supported), { runnable: jobs, rejected: [] });
  });
});
