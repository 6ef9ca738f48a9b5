import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MAX_RESULTS_PER_JOB, OutputClaims } from '../../src/convert/output-claims.ts';
import type { ConversionJob } from '../../src/plan/types.ts';

const OUT = path.resolve('/ws/converted');

function job(id: string, stem: string, format: string): ConversionJob {
  const paged = format === 'png';
  return {
    id,
    documentIndex: 0,
    format,
    outputDirectory: OUT,
    expectedOutput: `converted/${stem}${paged ? '-page-1' : ''}.${format}`,
    source: {
      absolutePath: `/ws/docs/${stem}.docx`,
      workspacePath: `docs/${stem}.docx`,
      outputSubdir: '',
      stem,
      extension: 'docx',
      sizeBytes: 1,
    },
  };
}

describe('OutputClaims', () => {
  it("gives a single result the planned name and pages the job's own page names", () => {
    const pdf = job('0-pdf', 'a', 'pdf');
    const png = job('0-png', 'a', 'png');
    const claims = new OutputClaims([pdf, png]);
    assert.deepEqual(claims.place(pdf, ['../../whatever.exe']), [path.join(OUT, 'a.pdf')]);
    assert.deepEqual(claims.place(png, ['a-page-2.PNG', 'a-page-1.png']), [
      path.join(OUT, 'a-page-2.png'),
      path.join(OUT, 'a-page-1.png'),
    ]);
  });

  it("fails a job whose pages would land on another job's planned output, whoever finishes first", () => {
    // "a.docx" → svg pages a-page-1.svg… and a source literally named "a-page-1.docx" → a-page-1.svg.
    const paged = job('0-svg', 'a', 'svg');
    const literal = job('1-svg', 'a-page-1', 'svg');
    const claims = new OutputClaims([paged, literal]);
    assert.throws(
      () => claims.place(paged, ['a-page-1.svg', 'a-page-2.svg']),
      /named a result "a-page-1\.svg", which is the planned output of "docs\/a-page-1\.docx" → svg; nothing was written/,
    );
    assert.deepEqual(claims.place(literal, ['a-page-1.svg']), [path.join(OUT, 'a-page-1.svg')]);
  });

  it("refuses names outside the job's pattern, repeated pages and lists over the cap", () => {
    const attacker = job('0-png', 'attacker', 'png');
    const claims = new OutputClaims([attacker, job('1-png', 'victim', 'png')]);
    for (const name of [
      'victim-page-1.png',
      '.git',
      'README.md',
      'attacker-page-01.png',
      'attacker-page-1.png/x',
      'victimxx-page-3.png', // another stem of the same length: the page number sits where this job's would
      'attacker-page-3.jpg', // this job's stem, another format
    ]) {
      assert.throws(
        () => claims.place(attacker, ['attacker-page-1.png', name]),
        /must be named "attacker-page-<page>\.png"/,
      );
    }
    assert.throws(
      () => claims.place(attacker, ['attacker-page-1.png', 'attacker-page-1.png']),
      /page 1 twice/,
    );
    const tooMany = Array.from({ length: MAX_RESULTS_PER_JOB + 1 }, (_, i) => `attacker-page-${i + 1}.png`);
    assert.throws(() => claims.place(attacker, tooMany), /more than 10000 result files/);
    assert.equal(
      claims.place(attacker, tooMany.slice(0, MAX_RESULTS_PER_JOB)).length,
      MAX_RESULTS_PER_JOB,
      'the cap itself is accepted',
    );
  });
});
