import * as core from '@actions/core';
import { formatDuration } from './duration.ts';
import { GroupDocsClient } from './engines/groupdocs/client.ts';
import { GroupDocsEngine } from './engines/groupdocs/engine.ts';
import { type ConversionEngine, ServiceUnusableError } from './engines/engine.ts';
import { mergeShardReports } from './merge-shards.ts';
import { buildPlan, globFinder } from './plan.ts';
import type { Plan } from './plan-types.ts';
import type { PublishOutcome } from './publish/outcome.ts';
import {
  annotateFailures,
  failureReason,
  fileEntries,
  plannedEntries,
  progressLine,
  setActionOutputs,
  writeJobSummary,
  writePlanSummary,
} from './report.ts';
import { documentLogger, logPlannedJobs } from './report/document-log.ts';
import { dryRunReportPath, reportPathFor, writeReportFile } from './report/report-file.ts';
import type { JobResult } from './results.ts';
import { startDeadline } from './run/deadline.ts';
import { checkFormatPairs } from './run/format-check.ts';
import { runFolderFor } from './run/run-folder.ts';
import { runJobs } from './run/scheduler.ts';
import { readSettings, secretsOf } from './settings.ts';
import type { Settings } from './settings-types.ts';
import { publishingFor, shareOf } from './shard.ts';

const PROGRESS_EVERY_MS = 10_000;
/** Waits between status checks never grow past this. */
const POLL_CAP_MS = 30_000;
/** Time left for deleting the run's remote folder after a timeout or cancellation. */
const CLEANUP_GRACE_MS = 5_000;
const CLEANUP_NORMAL_MS = 60_000;

/** The order of the stages. The only place that fails the step. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const input = (name: string) => core.getInput(name);
  for (const secret of secretsOf(input, env)) core.setSecret(secret);

  const settings = readSettings(input, env);
  const { plan, planned } = await core.group('Plan', () => planAndPrint(settings));

  if (planned === 0) {
    reportNoFiles(settings);
    setActionOutputs(settings, []);
    return;
  }
  const shard = settings.sharding.shard;
  if (settings.dryRun) {
    const entries = plannedEntries(plan);
    const planReport = dryRunReportPath(settings, env);
    await writeReportFile(planReport, entries, shard);
    setActionOutputs(settings, entries, undefined, planReport);
    await writePlanSummary(plan, settings, planReport);
    return;
  }
  const reportFile = reportPathFor(settings);

  const { results, cancelled, notes } = settings.sharding.publishOnly
    ? await core.group('Merge the shards’ reports', () => mergeShardReports(settings, plan))
    : await convert(settings, plan, env);
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
      publishResults(publishSettings, results, readPublishEnvironment(env), {}, [reportFile]),
    );
    for (const notice of outcome.notices) core.notice(notice);
    publish = outcome;
  }
  const entries = fileEntries(results, settings, publish);
  await writeReportFile(reportFile, entries, shard);
  setActionOutputs(settings, entries, publish, reportFile);
  annotateFailures(results);
  await writeJobSummary(results, publishSettings, publish, reportFile, notes);

  const problems: string[] = [];
  const conversionFailure = failureReason(results);
  if (conversionFailure && settings.failOnError) problems.push(conversionFailure);
  else if (conversionFailure) core.warning(`${conversionFailure} (fail-on-error is false)`);
  if (publish && publish.failures.length > 0)
    problems.push(`publishing failed: ${publish.failures.join('; ')}`);
  if (problems.length > 0) core.setFailed(problems.join('. '));
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
  logPlannedJobs(plan.jobs);
  return { plan, planned: whole.jobs.length };
}

function reportNoFiles(settings: Settings): void {
  // The publishing job plans from its own checkout, to know which documents every shard should have reported.
  const hint = settings.sharding.publishOnly
    ? ' publish-only plans from the checkout: check out the repository first.'
    : '';
  const message = `No files were found with the provided path: ${settings.patterns.join(', ')}. No documents were converted.${hint}`;
  if (settings.ifNoFilesFound === 'error') core.setFailed(message);
  else if (settings.ifNoFilesFound === 'warn') core.warning(message);
  else core.info(message);
}

async function convert(
  settings: Settings,
  plan: Plan,
  env: NodeJS.ProcessEnv,
): Promise<{ results: JobResult[]; cancelled: boolean; notes: string[] }> {
  const shard = settings.sharding.shard;
  const notes = shard ? [`Shard ${shard.index}/${shard.count} of the plan.`] : [];
  // A shard can get no documents (more shards than documents): it reports an empty share and calls nothing.
  if (plan.jobs.length === 0) return { results: [], cancelled: false, notes };
  const credentials = settings.credentials;
  if (!credentials) throw new Error('Inputs "client-id" and "client-secret" are required to convert.');
  const client = new GroupDocsClient({
    baseUrl: settings.apiBaseUrl,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    storageName: settings.storageName,
    debug: (message) => core.debug(message),
    onToken: (token) => core.setSecret(token),
  });
  const engine = new GroupDocsEngine(client, {
    runFolder: runFolderFor(env),
    loadOptions: settings.loadOptions,
    convertOptions: settings.convertOptions,
  });

  const deadline = startDeadline(settings.timeoutMs, formatDuration(settings.timeoutMs));
  try {
    const results = await core.group('Convert', () =>
      convertUntilDeadline(settings, plan, engine, deadline.signal),
    );
    return { results, cancelled: deadline.cancelled, notes };
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
): Promise<JobResult[]> {
  const started = Date.now();
  const done: JobResult[] = [];
  let rejected: JobResult[] = [];
  let runnable = plan.jobs;
  try {
    ({ runnable, rejected } = checkFormatPairs(plan.jobs, await engine.supportedTargets(deadline)));
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
      core.warning(`Could not read the supported formats (${messageOf(error)}); trying every pair.`);
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
    core.warning(`Could not delete the run’s files from the service’s storage: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
