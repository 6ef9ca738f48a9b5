import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversionEngine, OperationState } from '../../src/convert/engines/engine.ts';
import { runJobs } from '../../src/convert/scheduler.ts';
import type { ConversionJob } from '../../src/plan/types.ts';
import { fakeJob } from './fake-engine.ts';

/** An engine that knows when its conversions end (like a local process): settled() instead of status checks. */
function settlingEngine(outcome: (job: ConversionJob) => OperationState) {
  const calls = { checks: 0 };
  const jobs = new Map<string, ConversionJob>();
  const engine: ConversionEngine = {
    supportedTargets: async () => new Map(),
    submit: async (job) => {
      jobs.set(job.id, job);
      return job.id;
    },
    // Answers like settled(), so that a scheduler that polled anyway would finish (and fail the counts) rather than hang.
    check: async (id) => {
      calls.checks++;
      return outcome(jobs.get(id) as ConversionJob);
    },
    settled: async (id) => outcome(jobs.get(id) as ConversionJob),
    collect: async (job, outputs) => outputs.map((o) => `${job.outputDirectory}/${o.name}`),
    cleanup: async () => false,
  };
  return { engine, calls };
}

describe('runJobs with an engine that reports its own end', () => {
  it('takes the final state from settled(), with no status check and no poll wait', async () => {
    const { engine, calls } = settlingEngine((job) =>
      job.documentIndex === 1
        ? { state: 'failed', error: 'could not open it' }
        : { state: 'finished', outputs: [{ name: `${job.source.stem}.pdf`, path: '/tmp/x', size: 1 }] },
    );
    let waits = 0;
    const results = await runJobs([fakeJob(0, 'a.docx'), fakeJob(1, 'b.docx')], engine, {
      concurrency: 2,
      deadline: new AbortController().signal,
      poll: { initialMs: 60_000, capMs: 60_000 },
      wait: async () => {
        waits++;
      },
    });
    assert.deepEqual(
      results.map((r) => [r.status, r.error]),
      [
        ['converted', undefined],
        ['failed', 'could not open it'],
      ],
    );
    assert.equal(calls.checks, 0);
    assert.equal(waits, 0);
  });
});
