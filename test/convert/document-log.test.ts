import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { annotateFailures, documentLogger, MAX_ANNOTATIONS } from '../../src/convert/document-log.ts';
import type { JobResult } from '../../src/convert/results.ts';
import { logPlannedJobs } from '../../src/plan/plan-log.ts';
import { fakeJob } from './fake-engine.ts';

function captured(run: () => void): string[] {
  const lines: string[] = [];
  const original = process.stdout.write;
  process.stdout.write = ((chunk: unknown) => {
    lines.push(
      ...String(chunk)
        .split('\n')
        .filter((line) => line !== ''),
    );
    return true;
  }) as typeof process.stdout.write;
  try {
    run();
  } finally {
    process.stdout.write = original;
  }
  return lines;
}

const outcome = (i: number, status: JobResult['status']): JobResult => ({
  job: fakeJob(i, `doc-${i}.docx`),
  status,
  outputs: [],
  ...(status === 'converted' ? {} : { error: 'corrupt' }),
  durationMs: 1500,
});

describe('the log per document', () => {
  it('has a line for every document in a small run', () => {
    const log = documentLogger(3);
    const lines = captured(() => {
      log(outcome(0, 'converted'));
      log(outcome(1, 'failed'));
    });
    assert.deepEqual(lines, ['✓ doc-0.docx → pdf (1.5 s)', '✗ doc-1.docx → pdf: failed: corrupt']);
  });

  it('has only the failures above the threshold, and the plan shows its first lines', () => {
    const log = documentLogger(5_000);
    const lines = captured(() => {
      for (let i = 0; i < 300; i++) log(outcome(i, i % 100 === 5 ? 'timed-out' : 'converted'));
      logPlannedJobs(Array.from({ length: 5_000 }, (_, i) => fakeJob(i, `doc-${i}.docx`)));
    });
    assert.equal(lines.filter((line) => line.startsWith('✗')).length, 3);
    assert.equal(lines.filter((line) => line.startsWith('✓')).length, 0);
    assert.equal(lines.filter((line) => line.startsWith('  doc-')).length, 20);
    assert.ok(lines.includes('  …and 4980 more (every one is in the report file and the job summary)'));
  });

  it('cannot be made to start a workflow command by a file name or a server message', () => {
    const result = { ...outcome(0, 'failed'), error: 'bad\n::warning::injected' };
    result.job.source.workspacePath = 'a\r\n::error::b.docx';
    const lines = captured(() => documentLogger(1)(result));
    assert.equal(lines.length, 1);
    assert.ok(lines.every((line) => !line.startsWith('::')));
  });

  it('annotates the first failures only', () => {
    const lines = captured(() =>
      annotateFailures(Array.from({ length: 120 }, (_, i) => outcome(i, 'failed'))),
    );
    assert.equal(lines.filter((line) => line.startsWith('::error ')).length, MAX_ANNOTATIONS);
    assert.ok(
      lines.includes(
        `…and ${120 - MAX_ANNOTATIONS} more failures without an annotation: every one is in the report file.`,
      ),
    );
  });
});
