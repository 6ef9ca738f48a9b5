import type { ConversionJob } from '../plan/types.ts';
import { type ConversionEngine, type OperationState, ServiceUnusableError } from './engines/engine.ts';
import { sleep } from './engines/groupdocs/retry.ts';
import { FinishEstimator } from './finish-estimator.ts';
import { nextPollDelay, type PollTiming } from './poll-delay.ts';
import type { JobResult } from './results.ts';

export interface SchedulerOptions {
  /** Jobs between upload and download at any moment. */
  concurrency: number;
  /** The run's one deadline: fires on the global timeout and on cancellation. Its reason becomes the error text. */
  deadline: AbortSignal;
  poll: PollTiming;
  /** Called as each job ends, in completion order. */
  onJobDone?: (result: JobResult) => void;
  onJobStart?: (job: ConversionJob) => void;
  /** Injectable for tests. */
  now?: () => number;
  random?: () => number;
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Results already decided before scheduling (e.g. impossible format pairs) are passed through untouched. */
export async function runJobs(
  jobs: readonly ConversionJob[],
  engine: ConversionEngine,
  options: SchedulerOptions,
): Promise<JobResult[]> {
  const now = options.now ?? performance.now.bind(performance);
  const wait = options.wait ?? sleep;
  const estimator = new FinishEstimator();
  const results: (JobResult | undefined)[] = new Array(jobs.length);
  const { deadline } = options;

  // Biggest first: the longest conversions start early, so the run does not end waiting on one late giant.
  const order = jobs.map((_, index) => index).sort((a, b) => bySizeDescending(jobs[a], jobs[b]));
  let nextInQueue = 0;
  let serviceUnusable: ServiceUnusableError | undefined;

  /**
   * Sleeps until the next status check is due. A wait planned on plain backoff (nothing learned yet) is planned
   * again when a conversion finishes meanwhile — never later than already planned: the first conversions of a run
   * are then checked as soon as what was learned says they should be done. A wait already planned on an estimate
   * is kept: re-planning it on every finish took the earliest of many noisy estimates, which cost status calls.
   */
  const waitForNextCheck = async (job: ConversionJob, checks: number, submittedAt: number): Promise<void> => {
    let dueAt = Number.POSITIVE_INFINITY;
    for (;;) {
      const estimate = estimator.estimate(job.format, job.source.sizeBytes);
      const planned =
        now() + nextPollDelay(options.poll, checks, now() - submittedAt, estimate, options.random);
      dueAt = Math.min(dueAt, planned);
      const learned = new AbortController();
      const stopListening =
        estimate === undefined ? estimator.onRecord(() => learned.abort(LEARNED)) : () => undefined;
      try {
        await wait(Math.max(0, dueAt - now()), AbortSignal.any([deadline, learned.signal]));
        return;
      } catch (error) {
        if (deadline.aborted || !learned.signal.aborted) throw error;
      } finally {
        stopListening();
      }
    }
  };

  const convertOne = async (job: ConversionJob): Promise<JobResult> => {
    const startedAt = now();
    const finish = (status: JobResult['status'], outputs: string[], error?: string): JobResult => ({
      job,
      status,
      outputs,
      ...(error === undefined ? {} : { error }),
      durationMs: Math.round(now() - startedAt),
    });
    try {
      options.onJobStart?.(job);
      const operationId = await engine.submit(job, deadline);
      const submittedAt = now();
      let state: OperationState = engine.settled
        ? await engine.settled(operationId, deadline)
        : { state: 'pending' };
      for (let checks = 0; state.state === 'pending'; checks++) {
        await waitForNextCheck(job, checks, submittedAt);
        state = await engine.check(operationId, deadline);
      }
      if (state.state === 'failed') return finish('failed', [], state.error);
      estimator.record(job.format, job.source.sizeBytes, state.durationMs ?? now() - submittedAt);
      const outputs = await engine.collect(job, state.outputs, deadline);
      return finish('converted', outputs.sort());
    } catch (error) {
      if (deadline.aborted) return finish('timed-out', [], reasonText(deadline.reason));
      if (error instanceof ServiceUnusableError) serviceUnusable ??= error;
      return finish('failed', [], errorText(error));
    }
  };

  const worker = async (): Promise<void> => {
    while (nextInQueue < order.length && !deadline.aborted && !serviceUnusable) {
      const index = order[nextInQueue++] as number;
      const result = await convertOne(jobs[index] as ConversionJob);
      results[index] = result;
      options.onJobDone?.(result);
    }
  };
  const workers = Array.from({ length: Math.min(options.concurrency, jobs.length) }, worker);
  await Promise.all(workers);

  return jobs.map((job, index) => {
    const result = results[index];
    if (result) return result;
    const notStarted: JobResult = serviceUnusable
      ? {
          job,
          status: 'failed',
          outputs: [],
          error: `not started: ${serviceUnusable.message}`,
          durationMs: 0,
        }
      : {
          job,
          status: 'timed-out',
          outputs: [],
          error: `not started: ${reasonText(deadline.reason)}`,
          durationMs: 0,
        };
    options.onJobDone?.(notStarted);
    return notStarted;
  });
}

/**
 * Every finish wakes every waiting job, so a wake-up must be cheap: aborting with a shared reason, and `sleep`
 * rejecting with that reason, creates no error object. A default abort builds a DOMException and timers/promises
 * an AbortError, each with a stack: up to `concurrency` of each per finish.
 */
const LEARNED = Symbol('a conversion finished: plan the next check again');

function bySizeDescending(a: ConversionJob | undefined, b: ConversionJob | undefined): number {
  return (b?.source.sizeBytes ?? 0) - (a?.source.sizeBytes ?? 0);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  return typeof reason === 'string' ? reason : 'the run was stopped';
}
