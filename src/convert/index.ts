/**
 * The convert stage: the jobs the cache does not hold go to the engine the settings name, at most `concurrency` at a
 * time, all under the one deadline; then the engine's remote files are deleted. Failed documents are results too.
 */
import * as core from '@actions/core';
import { formatDuration } from '../common/duration.ts';
import { messageOf } from '../common/errors.ts';
import { untrustedText } from '../common/untrusted-text.ts';
import type { Plan } from '../plan/types.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';
import { startDeadline } from './deadline.ts';
import { documentLogger } from './document-log.ts';
import { type ConversionEngine, type EngineReport, ServiceUnusableError } from './engines/engine.ts';
import { createEngine, type EngineContext } from './engines/select.ts';
import { checkFormatPairs, everyPairKnown } from './format-check.ts';
import { type JobResult, progressLine } from './results.ts';
import { runJobs } from './scheduler.ts';

export { apiCallsSection } from './api-calls-section.ts';
export { annotateFailures } from './document-log.ts';
export { ApiCallAccount } from './engines/groupdocs/call-account.ts';
export {
  type Dependency,
  type DependencyLister,
  dependencyListerFor,
  type SourceDependencies,
} from './engines/dependencies.ts';
export { engineIdentity } from './engines/select.ts';

const PROGRESS_EVERY_MS = 10_000;
/** Waits between status checks never grow past this. */
const POLL_CAP_MS = 30_000;
/** Time left for deleting the run's remote folder after a timeout or cancellation. */
const CLEANUP_GRACE_MS = 5_000;
const CLEANUP_NORMAL_MS = 60_000;
/** The job summary lists at most this many engine notices (one per document); the log has every warning. */
const MAX_NOTICES = 100;

/**
 * `knownPairs`: (source extension, format) pairs known to work (see formatPairKey), from the cache of earlier
 * conversions; when they cover every job, the run makes no formats call.
 */
export type ConvertContext = EngineContext & { knownPairs: ReadonlySet<string> };

export async function convertStage(
  settings: Settings,
  plan: Plan,
  runner: RunnerEnvironment,
  context: ConvertContext,
): Promise<{
  results: JobResult[];
  cancelled: boolean;
  notices: string[];
  engineReports: readonly EngineReport[];
}> {
  // A shard can get no documents (more shards than documents): it reports an empty share and calls nothing.
  if (plan.jobs.length === 0) return { results: [], cancelled: false, notices: [], engineReports: [] };
  const engine = createEngine(settings, plan, runner, context);

  const deadline = startDeadline(settings.timeoutMs, formatDuration(settings.timeoutMs));
  try {
    const unprepared = await prepareEngine(engine, deadline.signal);
    const results =
      unprepared !== undefined
        ? plan.jobs.map((job) => ({ job, ...unprepared, outputs: [], durationMs: 0 }))
        : await core.group('Convert', () =>
            convertUntilDeadline(settings, plan, engine, deadline.signal, context.knownPairs),
          );
    const notices = (engine.notices?.() ?? []).slice(0, MAX_NOTICES).map((line) => untrustedText(line, 600));
    return { results, cancelled: deadline.cancelled, notices, engineReports: engine.reports?.() ?? [] };
  } finally {
    deadline.dispose();
    await core.group('Clean up', () => cleanUp(engine, deadline.signal.aborted));
  }
}

/** Runs the engine's set-up; what every document reports when it failed. */
async function prepareEngine(
  engine: ConversionEngine,
  deadline: AbortSignal,
): Promise<{ status: 'failed' | 'timed-out'; error: string } | undefined> {
  try {
    await engine.prepare?.(deadline);
    return undefined;
  } catch (error) {
    const message = untrustedText(messageOf(error));
    core.error(message);
    return { status: deadline.aborted ? 'timed-out' : 'failed', error: message };
  }
}

async function convertUntilDeadline(
  settings: Settings,
  plan: Plan,
  engine: ConversionEngine,
  deadline: AbortSignal,
  knownPairs: ReadonlySet<string>,
): Promise<JobResult[]> {
  const started = Date.now();
  const done: JobResult[] = [];
  let rejected: JobResult[] = [];
  let runnable = plan.jobs;
  try {
    if (everyPairKnown(plan.jobs, knownPairs)) {
      core.info(
        'Every format pair was converted by an earlier run (the cache): the format list is not asked for.',
      );
    } else {
      ({ runnable, rejected } = checkFormatPairs(plan.jobs, await engine.supportedTargets(deadline)));
    }
  } catch (error) {
    if (error instanceof ServiceUnusableError) {
      return plan.jobs.map((job) => ({
        job,
        status: 'failed',
        outputs: [],
        error: error.message,
        durationMs: 0,
      }));
    }
    // Past the deadline, runJobs below reports every job as not started.
    if (!deadline.aborted) {
      core.warning(
        `Could not read the supported formats (${untrustedText(messageOf(error))}); trying every pair.`,
      );
    }
  }
  done.push(...rejected);
  const logDocument = documentLogger(plan.jobs.length);
  for (const r of rejected) logDocument(r);

  const total = plan.jobs.length;
  const progress = setInterval(() => core.info(progressLine(done, total)), PROGRESS_EVERY_MS);
  progress.unref();
  try {
    const ran = await runJobs(runnable, engine, {
      concurrency: settings.concurrency,
      deadline,
      poll: { initialMs: settings.pollIntervalMs, capMs: Math.max(settings.pollIntervalMs, POLL_CAP_MS) },
      onJobDone: (result) => {
        done.push(result);
        logDocument(result);
      },
    });
    core.info(`Finished in ${((Date.now() - started) / 1000).toFixed(1)} s: ${progressLine(done, total)}`);
    const byJob = new Map([...rejected, ...ran].map((r) => [r.job, r]));
    return plan.jobs.map((job) => byJob.get(job) as JobResult);
  } finally {
    clearInterval(progress);
  }
}

async function cleanUp(engine: ConversionEngine, afterAbort: boolean): Promise<void> {
  try {
    const deleted = await engine.cleanup(
      AbortSignal.timeout(afterAbort ? CLEANUP_GRACE_MS : CLEANUP_NORMAL_MS),
    );
    if (deleted) core.info('Deleted the run’s files from the conversion service’s storage.');
  } catch (error) {
    core.warning(
      `Could not delete the run’s files from the service’s storage: ${untrustedText(messageOf(error))}`,
    );
  }
}
