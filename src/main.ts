import * as core from '@actions/core';
import { openCacheStage } from './cache/index.ts';
import { registerSecret } from './common/untrusted-text.ts';
import {
  ApiCallAccount,
  apiCallsSection,
  convertStage,
  dependencyListerFor,
  engineIdentity,
} from './convert/index.ts';
import type { JobResult } from './convert/results.ts';
import { planStage } from './plan/index.ts';
import type { PullRequestFile } from './plan/pull-request-files.ts';
import type { Plan } from './plan/types.ts';
import { previewSection, runPreviewStage } from './previews/index.ts';
import { type ConvertedRun, publishStage } from './publish/index.ts';
import {
  engineReportLine,
  mergeShardReports,
  reportDryRun,
  reportNothingConverted,
  reportStage,
  writeReportBeforePublishing,
} from './report/index.ts';
import { readSettings, secretsOf } from './settings/index.ts';
import { reportPathFor } from './settings/report-path.ts';
import { type RunnerEnvironment, readRunnerEnvironment } from './settings/runner.ts';
import type { Settings } from './settings/types.ts';

/** The order of the stages. The only place that fails the step. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const runner = readRunnerEnvironment(env);
  const input = (name: string) => core.getInput(name);
  const secrets = secretsOf(input, runner);
  // First of all: nothing untrusted may be printed before every secret is masked.
  for (const secret of secrets) registerSecret(secret);
  const settings = readSettings(input, runner);
  const calls = new ApiCallAccount();
  const callsOutput = () => apiCallsSection(calls.snapshot(), false);

  const planned = await planStage(settings, runner);
  if (planned.kind === 'no-files') return reportNothingConverted(settings, [callsOutput()]);
  if (planned.kind === 'dry-run') {
    return reportDryRun(settings, planned.plan, runner.temporaryDirectory, [callsOutput()]);
  }
  if (planned.kind === 'nothing-changed')
    return reportNothingConverted(settings, [planned.section, callsOutput()]);

  const converted = settings.sharding.publishOnly
    ? await core.group('Merge the shards’ reports', () => mergeShardReports(settings, planned.plan))
    : await convertWhatChanged(settings, planned, runner, { secrets, calls });
  const reportFile = reportPathFor(settings);
  await writeReportBeforePublishing(settings, converted.results, reportFile);
  const published = await publishStage(settings, converted, runner, reportFile);
  const problems = await reportStage(settings, converted, published, reportFile, [
    await previewSection(converted.previews),
    planned.section,
    apiCallsSection(calls.snapshot(), true),
  ]);
  if (problems.length > 0) core.setFailed(problems.join('. '));
}

/**
 * The cache, the engine and the previews, in that order, on what changed-only kept: only what the pull request
 * changed, only what the cache does not hold. Base versions for the previews go through the same cache, within what
 * is left of the one deadline; the cache records after the previews, so one entry holds both.
 */
async function convertWhatChanged(
  settings: Settings,
  { plan, pullRequestFiles }: { plan: Plan; pullRequestFiles: readonly PullRequestFile[] | undefined },
  runner: RunnerEnvironment,
  { secrets, calls }: { secrets: readonly string[]; calls: ApiCallAccount },
): Promise<ConvertedRun> {
  const started = Date.now();
  const shard = settings.sharding.shard;
  const notes = shard ? [`Shard ${shard.index}/${shard.count} of the plan.`] : [];
  if (plan.jobs.length === 0) return { results: [], cancelled: false, notes };

  const cache = await core.group('Cache', async () =>
    openCacheStage(
      settings,
      plan,
      () => engineIdentity(settings, runner),
      runner,
      dependencyListerFor(settings),
    ),
  );
  const context = { secrets, calls, knownPairs: cache.knownPairs };
  // Nothing to convert means no token, no format list: the conversion service is not called at all.
  const ran = await convertStage(settings, { ...plan, jobs: cache.misses }, runner, context);
  notes.push(...ran.notices);
  const results = inPlanOrder(plan, [...cache.hits, ...ran.results]);
  notes.push(...ran.engineReports.map(engineReportLine));
  if (ran.cancelled) return { results, cancelled: true, notes };

  const timeLeftMs = () => settings.timeoutMs - (Date.now() - started);
  const convertBase = (basePlan: Plan) =>
    cache.convertAlso(basePlan, async (misses) => {
      const timeoutMs = Math.max(0, timeLeftMs());
      return (await convertStage({ ...settings, timeoutMs }, misses, runner, context)).results;
    });
  const previews = await runPreviewStage(
    settings,
    results,
    runner,
    timeLeftMs,
    convertBase,
    pullRequestFiles,
  );
  const commitChanges = await cache.record(results);
  return { results, cancelled: false, notes, previews, commitChanges };
}

function inPlanOrder(plan: Plan, results: readonly JobResult[]): JobResult[] {
  const byJob = new Map(results.map((result) => [result.job, result]));
  return plan.jobs.map((job) => byJob.get(job) as JobResult);
}
