/**
 * The plan stage: the documents the patterns find, one job per target format, this shard's share of them, and (on a
 * pull request, with changed-only) only those the pull request changes. A dry run stops before changed-only.
 */
import * as core from '@actions/core';
import type { ReportSection } from '../common/report-section.ts';
import { SHOWN_MESSAGE_LENGTH, untrustedText } from '../common/untrusted-text.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';
import { buildPlan, globFinder } from './build-plan.ts';
import { selectChangedDocuments } from './changed-only.ts';
import { logPlannedJobs } from './plan-log.ts';
import type { PullRequestFile } from './pull-request-files.ts';
import { shareOf } from './shard.ts';
import type { Plan } from './types.ts';
import { unchangedSection } from './unchanged-section.ts';

export type PlanOutcome =
  /** The patterns found nothing to convert (reported by reportNoFiles). */
  | { kind: 'no-files' }
  /** A dry run: the plan is all there is. */
  | { kind: 'dry-run'; plan: Plan }
  /** The pull request changes none of the documents: nothing to convert or publish. */
  | { kind: 'nothing-changed'; section: ReportSection }
  | {
      kind: 'convert';
      /** This job's jobs: its shard's share, only what the pull request changed. */
      plan: Plan;
      /** The pull request's file list, when changed-only read it whole (the previews reuse it). */
      pullRequestFiles: readonly PullRequestFile[] | undefined;
      /** The documents changed-only left out, for the summary and output `unchanged`. */
      section: ReportSection;
    };

export async function planStage(settings: Settings, runner: RunnerEnvironment): Promise<PlanOutcome> {
  const { plan: found, planned } = await core.group('Plan', () => planAndPrint(settings));
  if (planned === 0) {
    reportNoFiles(settings);
    return { kind: 'no-files' };
  }
  if (settings.dryRun) return { kind: 'dry-run', plan: found };
  // In every job of a matrix alike: the publishing job expects reports of what the shards kept.
  const changes = await selectChangedDocuments(settings, found, runner);
  if (changes.notice) core.notice(changes.notice);
  const section = unchangedSection(changes.unchanged);
  if (changes.plan.jobs.length === 0 && !settings.sharding.shard && !settings.sharding.publishOnly) {
    return { kind: 'nothing-changed', section };
  }
  return { kind: 'convert', plan: changes.plan, pullRequestFiles: changes.pullRequestFiles, section };
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
