/**
 * Publishing runs under a deadline of its own, derived from `timeout`: as long as the conversion was allowed, at
 * most 10 minutes. Every GitHub API request also gives up after a minute. A step still running at the deadline is
 * abandoned and the steps after it are not started; each is reported as a failure, so the outputs and the summary
 * say what was published and what was not.
 */
import { formatDuration } from '../common/duration.ts';
import { type Deadline, startDeadline } from '../convert/deadline.ts';
import { reasonOf } from '../github/http-errors.ts';
import type { OutcomeDraft } from './outcome.ts';

export const MAX_PUBLISHING_MS = 10 * 60_000;
/** A step that honours the deadline's signal ends within this; one that does not is then abandoned. */
const ABANDON_AFTER_MS = 1_000;

export function publishingDeadlineMs(timeoutMs: number): number {
  return Math.min(timeoutMs, MAX_PUBLISHING_MS);
}

export function startPublishingDeadline(timeoutMs: number): Deadline {
  const ms = publishingDeadlineMs(timeoutMs);
  return startDeadline(ms, formatDuration(ms), `publishing passed its deadline (${formatDuration(ms)})`);
}

/** Runs one publishing step unless the deadline has passed; records on the outcome a step it could not finish. */
export async function runBeforeDeadline(
  step: string,
  work: () => Promise<void>,
  deadline: AbortSignal,
  outcome: OutcomeDraft,
): Promise<void> {
  if (deadline.aborted) {
    outcome.failures.push(`${step}: not started: ${reasonOf(deadline.reason)}`);
    return;
  }
  let stopWaiting = () => {};
  const abandoned = new Promise<'abandoned'>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      timer = setTimeout(() => resolve('abandoned'), ABANDON_AFTER_MS);
    };
    deadline.addEventListener('abort', onAbort, { once: true });
    stopWaiting = () => {
      clearTimeout(timer);
      deadline.removeEventListener('abort', onAbort);
    };
  });
  const finished = work().then(
    () => 'finished' as const,
    (error: unknown) => {
      outcome.failures.push(`${step}: failed: ${reasonOf(error)}`);
      return 'finished' as const;
    },
  );
  try {
    if ((await Promise.race([finished, abandoned])) === 'abandoned') {
      outcome.failures.push(`${step}: still running when ${reasonOf(deadline.reason)}; abandoned`);
    }
  } finally {
    stopWaiting();
  }
}
