import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runJobs } from '../../src/convert/scheduler.ts';
import { FakeEngine, fakeJob } from './fake-engine.ts';

const poll = { initialMs: 5, capMs: 20 };

describe('runJobs', () => {
  it('never has more than `concurrency` jobs in flight, and converts them all', async () => {
    const engine = new FakeEngine({ durationMs: (job) => 5 + (job.documentIndex % 4) * 5 });
    const jobs = Array.from({ length: 24 }, (_, i) => fakeJob(i, `doc${i}.docx`, 1000 * (i + 1)));
    const results = await runJobs(jobs, engine, {
      concurrency: 3,
      deadline: new AbortController().signal,
      poll,
    });
    assert.equal(engine.peakInFlight, 3);
    assert.deepEqual(
      results.map((r) => r.status),
      jobs.map(() => 'converted'),
    );
    assert.deepEqual(
      results.map((r) => r.job.id),
      jobs.map((j) => j.id),
      'results come back in plan order',
    );
    assert.deepEqual(results[0]?.outputs, ['/out/doc0.pdf']);
  });

  it('keeps converting the others when one document fails or throws', async () => {
    const engine = new FakeEngine({
      outcome: (job) => (job.source.stem === 'bad' ? 'fail' : job.source.stem === 'broken' ? 'throw' : 'ok'),
    });
    const jobs = [
      fakeJob(0, 'a.docx'),
      fakeJob(1, 'bad.docx'),
      fakeJob(2, 'broken.docx'),
      fakeJob(3, 'b.docx'),
    ];
    const results = await runJobs(jobs, engine, {
      concurrency: 1,
      deadline: new AbortController().signal,
      poll,
    });
    assert.deepEqual(
      results.map((r) => [r.job.source.stem, r.status, r.error]),
      [
        ['a', 'converted', undefined],
        ['bad', 'failed', 'Document is corrupted'],
        ['broken', 'failed', 'upload of broken.docx failed: HTTP 400'],
        ['b', 'converted', undefined],
      ],
    );
  });

  it('stops starting documents once the service is unusable, and gives the others that reason', async () => {
    const engine = new FakeEngine({ outcome: () => 'unusable' });
    const jobs = [fakeJob(0, 'a.docx', 30), fakeJob(1, 'b.docx', 20), fakeJob(2, 'c.docx', 10)];
    const results = await runJobs(jobs, engine, {
      concurrency: 1,
      deadline: new AbortController().signal,
      poll,
    });
    assert.equal(engine.submits, 1);
    assert.deepEqual(
      results.map((r) => [r.status, r.error]),
      [
        ['failed', 'the service rejected the client credentials'],
        ['failed', 'not started: the service rejected the client credentials'],
        ['failed', 'not started: the service rejected the client credentials'],
      ],
    );
  });

  it('stops at the deadline: jobs still converting and jobs never started are all timed out, each saying why', async () => {
    const engine = new FakeEngine({ outcome: (job) => (job.source.stem.startsWith('hang') ? 'hang' : 'ok') });
    // Biggest first, so the two hanging documents take both slots once the small ones are done.
    const jobs = [
      fakeJob(0, 'a.docx', 10),
      fakeJob(1, 'hang1.docx', 500),
      fakeJob(2, 'hang2.docx', 400),
      fakeJob(3, 'late.docx', 1),
    ];
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('the timeout (0.2s) passed before it finished')), 200);
    // The hanging jobs never end: runJobs returning at all shows the deadline, not the jobs, ended the run.
    const results = await runJobs(jobs, engine, { concurrency: 2, deadline: controller.signal, poll });
    assert.deepEqual(
      results.map((r) => [r.job.source.stem, r.status]),
      [
        ['a', 'timed-out'],
        ['hang1', 'timed-out'],
        ['hang2', 'timed-out'],
        ['late', 'timed-out'],
      ],
    );
    assert.deepEqual(
      results.map((r) => r.error),
      [
        'not started: the timeout (0.2s) passed before it finished',
        'the timeout (0.2s) passed before it finished',
        'the timeout (0.2s) passed before it finished',
        'not started: the timeout (0.2s) passed before it finished',
      ],
    );
  });

  it('converts what it can before the deadline and times out only the rest', async () => {
    const engine = new FakeEngine({ outcome: (job) => (job.source.stem === 'hang' ? 'hang' : 'ok') });
    const jobs = [fakeJob(0, 'a.docx', 10), fakeJob(1, 'hang.docx', 20), fakeJob(2, 'b.docx', 5)];
    const controller = new AbortController();
    let done = 0;
    // Cancelled once both convertible documents are done, whatever the machine's speed.
    const onJobDone = () => {
      if (++done === 2) controller.abort(new Error('the job was cancelled (SIGTERM)'));
    };
    const results = await runJobs(jobs, engine, {
      concurrency: 3,
      deadline: controller.signal,
      poll,
      onJobDone,
    });
    assert.deepEqual(
      results.map((r) => [r.job.source.stem, r.status]),
      [
        ['a', 'converted'],
        ['hang', 'timed-out'],
        ['b', 'converted'],
      ],
    );
    assert.equal(results[1]?.error, 'the job was cancelled (SIGTERM)');
  });

  it('learns conversion times: later documents need fewer status checks than plain backoff would spend', async () => {
    // Conversions take 40 ms + 1 ms per KB; with a 5 ms first wait, plain backoff would check ~6 times each.
    const engine = new FakeEngine({ durationMs: (job) => 40 + job.source.sizeBytes / 1024 });
    const jobs = Array.from({ length: 16 }, (_, i) => fakeJob(i, `d${i}.docx`, 1024 * (10 + 5 * i)));
    await runJobs(jobs, engine, {
      concurrency: 2,
      deadline: new AbortController().signal,
      poll: { initialMs: 5, capMs: 1000 },
    });
    const lateChecks = [...engine.checksByJob.entries()]
      .filter(([id]) => Number(id.split('-')[0]) < 8)
      .map(([, n]) => n);
    const average = lateChecks.reduce((a, b) => a + b, 0) / lateChecks.length;
    assert.ok(average <= 3, `documents converted after the first few needed ${average} checks on average`);
  });
});
