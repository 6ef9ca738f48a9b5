import * as core from '@actions/core';
import type { CommitChanges } from './cache/index.ts';
import { openCacheStage } from './cache/index.ts';
import { formatDuration } from './common/duration.ts';
import { registerSecret, SHOWN_MESSAGE_LENGTH, untrustedText } from './common/untrusted-text.ts';
import { startDeadline } from './convert/deadline.ts';
import { type ConversionEngine, ServiceUnusableError } from './convert/engines/engine.ts';
import { ApiCallAccount } from './convert/engines/groupdocs/call-account.ts';
import { createEngine, type EngineContext, engineIdentity } from './convert/engines/select.ts';
import { checkFormatPairs, everyPairKnown } from './convert/format-check.ts';
import type { JobResult } from './convert/results.ts';
import { runJobs } from './convert/scheduler.ts';
import { buildPlan, globFinder } from './plan/build-plan.ts';
import { type ChangedOnlyOutcome, selectChangedDocuments } from './plan/changed-only.ts';
import { publishingFor, shareOf } from './plan/shard.ts';
import type { Plan } from './plan/types.ts';
import type { PreviewReport } from './previews/build-previews.ts';
import { runPreviewStage, writePreviewSummary } from './previews/index.ts';
import type { PublishOutcome } from './publish/outcome.ts';
import { setApiCallsOutput, writeApiCallsSummary } from './report/api-calls.ts';
import { documentLogger, logPlannedJobs } from './report/document-log.ts';
import {
  annotateFailures,
  failureReason,
  fileEntries,
  plannedEntries,
  progressLine,
  setActionOutputs,
  writeJobSummary,
  writePlanSummary,
} from './report/index.ts';
import { mergeShardReports } from './report/merge-shards.ts';
import { writeReportFile } from './report/report-file.ts';
import { setUnchangedOutput, writeUnchangedSummary } from './report/unchanged.ts';
import { readSettings, secretsOf } from './settings/index.ts';
import { dryRunReportPath, reportPathFor } from './settings/report-path.ts';
import type { Settings } from './settings/types.ts';

const PROGRESS_EVERY_MS = 10_000;
/** Waits between status checks never grow past this. */
const POLL_CAP_MS = 30_000;
/** Time left for deleting the run's remote folder after a timeout or cancellation. */
const CLEANUP_GRACE_MS = 5_000;
const CLEANUP_NORMAL_MS = 60_000;

/** The order of the stages. The only place that fails the step. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const input = (name: string) => core.getInput(name);
  const secrets = secretsOf(input, env);
  // First of all: nothing untrusted may be printed before every secret is masked.
  for (const secret of secrets) registerSecret(secret);

  const settings = readSettings(input, env);
  const { plan: found, planned } = await core.group('Plan', () => planAndPrint(settings));
  const calls = new ApiCallAccount();

  if (planned === 0) {
    reportNoFiles(settings);
    setActionOutputs(settings, []);
    setApiCallsOutput(calls.snapshot());
    return;
  }
  const shard = settings.sharding.shard;
  if (settings.dryRun) {
    const entries = plannedEntries(found);
    const planReport = dryRunReportPath(settings, env);
    await writeReportFile(planReport, entries, shard);
    setActionOutputs(settings, entries, undefined, planReport);
    setApiCallsOutput(calls.snapshot());
    await writePlanSummary(found, settings, planReport);
    return;
  }
  const reportFile = reportPathFor(settings);

  const started = Date.now();
  // Changed-only first, in every job of a matrix alike: the publishing job expects reports of what the shards kept.
  const changes = await selectChangedDocuments(settings, found, env);
  if (changes.notice) core.notice(changes.notice);
  setUnchangedOutput(changes.unchanged);
  const { unchanged } = changes;
  const converted: Converted = settings.sharding.publishOnly
    ? await core.group('Merge the shards’ reports', () => mergeShardReports(settings, changes.plan))
    : await convertWhatChanged(settings, changes, env, { secrets, calls, started });
  const { results, cancelled, notes, previews, commitChanges } = converted;
  if (results.length === 0 && !settings.sharding.shard && !settings.sharding.publishOnly) {
    // The pull request changes none of the documents: nothing to publish, the summary says why.
    setActionOutputs(settings, []);
    setApiCallsOutput(calls.snapshot());
    await writeUnchangedSummary(unchanged);
    return;
  }
  // Written before publishing, so the artifact carries it; written again below with the links publishing made.
  await writeReportFile(reportFile, fileEntries(results, settings), shard);

  const { settings: publishSettings, notice } = publishingFor(settings);
  if (notice) core.notice(notice);
  let publish: PublishOutcome | undefined;
  if (cancelled) {
    // The runner allows a few seconds after cancelling: report what finished rather than start publishing.
    core.warning('The job was cancelled: nothing was published.');
  } else if (publishSettings.publish.targets.size > 0 || publishSettings.publish.prComment !== 'never') {
    // Loaded only when needed: the GitHub and artifact clients are most of the bundle's start-up time and memory.
    const { publishResults, readPublishEnvironment } = await import('./publish/index.ts');
    const outcome = await core.group('Publish', () =>
      publishResults(
        publishSettings,
        results,
        readPublishEnvironment(env),
        {},
        {
          previews,
          commitChanges,
          attachments: [reportFile],
        },
      ),
    );
    for (const notice of outcome.notices) core.notice(untrustedText(notice, SHOWN_MESSAGE_LENGTH));
    publish = outcome;
  }
  const entries = fileEntries(results, settings, publish);
  await writeReportFile(reportFile, entries, shard);
  setActionOutputs(settings, entries, publish, reportFile);
  annotateFailures(results);
  await writeJobSummary(results, publishSettings, publish, reportFile, notes);
  await writePreviewSummary(previews);
  await writeUnchangedSummary(unchanged);
  setApiCallsOutput(calls.snapshot());
  await writeApiCallsSummary(calls.snapshot());

  const problems: string[] = [];
  const conversionFailure = failureReason(results);
  if (conversionFailure && settings.failOnError) problems.push(conversionFailure);
  else if (conversionFailure) core.warning(`${conversionFailure} (fail-on-error is false)`);
  if (publish && publish.failures.length > 0)
    problems.push(
      `publishing failed: ${publish.failures.map((failure) => untrustedText(failure, SHOWN_MESSAGE_LENGTH)).join('; ')}`,
    );
  if (problems.length > 0) core.setFailed(problems.join('. '));
}

interface Converted {
  results: JobResult[];
  cancelled: boolean;
  /** Lines for the job summary (which shard this is). */
  notes: string[];
  previews?: PreviewReport | undefined;
  commitChanges?: CommitChanges | undefined;
}

/**
 * The cache, the engine and the previews, in that order, on what changed-only kept: only what the pull request
 * changed, only what the cache does not hold.
 */
async function convertWhatChanged(
  settings: Settings,
  changes: ChangedOnlyOutcome,
  env: NodeJS.ProcessEnv,
  run: { secrets: readonly string[]; calls: ApiCallAccount; started: number },
): Promise<Converted> {
  const { secrets, calls, started } = run;
  const shard = settings.sharding.shard;
  const notes = shard ? [`Shard ${shard.index}/${shard.count} of the plan.`] : [];
  const { plan, pullRequestFiles } = changes;
  if (plan.jobs.length === 0) return { results: [], cancelled: false, notes };

  const identity = await engineIdentity(settings);
  const cache = await core.group('Cache', () => openCacheStage(settings, plan, identity, env));
  // Nothing to convert means no token, no format list: the conversion service is not called at all.
  const ran =
    cache.misses.length > 0
      ? await convert(settings, { ...plan, jobs: cache.misses }, env, {
          secrets,
          calls,
          knownPairs: cache.knownPairs,
        })
      : { results: [], cancelled: false };
  const { cancelled } = ran;
  const results = inPlanOrder(plan, [...cache.hits, ...ran.results]);
  // Base versions for the previews go through the same cache, within what is left of the one deadline.
  const timeLeftMs = () => settings.timeoutMs - (Date.now() - started);
  const previews = cancelled
    ? undefined
    : await runPreviewStage(
        settings,
        results,
        env,
        timeLeftMs,
        (basePlan) =>
          cache.convertAlso(basePlan, async (misses) => {
            const timeoutMs = Math.max(0, timeLeftMs());
            const context = { secrets, calls, knownPairs: cache.knownPairs };
            return (await convert({ ...settings, timeoutMs }, misses, env, context)).results;
          }),
        pullRequestFiles,
      );
  // After the previews, so one cache entry holds the base versions' conversions with the run's.
  const commitChanges = cancelled ? undefined : await cache.record(results);
  return { results, cancelled, notes, previews, commitChanges };
}

/** The plan, or this shard's share of it; `planned` counts the whole plan's conversions. */
async function planAndPrint(settings: Settings): Promise<{ plan: Plan; planned: number }> {
  const whole = await buildPlan(settings, globFinder);
  const shard = settings.sharding.shard;
  const plan = shard && whole.jobs.length > 0 ? shareOf(whole, shard) : whole;
  const share = shard ? `shard ${shard.index}/${shard.count}: ` : '';
  const of = shard ? ` (of ${whole.documents.length} planned)` : '';
  core.info(
    `${share}${plan.documents.length} document(s)${of}, ${plan.jobs.length} conversion(s) to ${settings.formats.join(', ')}`,
  );
  for (const skipped of whole.skipped ?? []) core.warning(untrustedText(skipped, SHOWN_MESSAGE_LENGTH));
  logPlannedJobs(plan.jobs);
  return { plan, planned: whole.jobs.length };
}

function inPlanOrder(plan: Plan, results: readonly JobResult[]): JobResult[] {
  const byJob = new Map(results.map((result) => [result.job, result]));
  return plan.jobs.map((job) => byJob.get(job) as JobResult);
}

function reportNoFiles(settings: Settings): void {
  // The publishing job plans from its own checkout, to know which documents every shard should have reported.
  const hint = settings.sharding.publishOnly
    ? ' publish-only plans from the checkout: check out the repository first.'
    : '';
  const message = `No files were found with the provided path: ${untrustedText(settings.patterns.join(', '))}. No documents were converted.${hint}`;
  if (settings.ifNoFilesFound === 'error') core.setFailed(message);
  else if (settings.ifNoFilesFound === 'warn') core.warning(message);
  else core.info(message);
}

/**
 * `knownPairs`: (source extension, format) pairs known to work (see formatPairKey), from the cache of earlier
 * conversions; when they cover every job, the run makes no formats call.
 */
async function convert(
  settings: Settings,
  plan: Plan,
  env: NodeJS.ProcessEnv,
  context: EngineContext & { knownPairs: ReadonlySet<string> },
): Promise<{ results: JobResult[]; cancelled: boolean }> {
  // A shard can get no documents (more shards than documents): it reports an empty share and calls nothing.
  if (plan.jobs.length === 0) return { results: [], cancelled: false };
  const engine = createEngine(settings, plan, env, context);

  const deadline = startDeadline(settings.timeoutMs, formatDuration(settings.timeoutMs));
  try {
    const results = await core.group('Convert', () =>
      convertUntilDeadline(settings, plan, engine, deadline.signal, context.knownPairs),
    );
    return { results, cancelled: deadline.cancelled };
  } finally {
    deadline.dispose();
    await core.group('Clean up', () => cleanUp(engine, deadline.signal.aborted));
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
