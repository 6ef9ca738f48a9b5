/**
 * The previews stage as main calls it: decides whether to run, loads the renderer only then, converts base
 * versions with the converter main hands in, within what is left of the run's one deadline, and never fails the
 * step (a problem is a warning).
 */
import * as core from '@actions/core';
import { formatDuration } from '../common/duration.ts';
import type { ReportSection } from '../common/report-section.ts';
import type { JobResult } from '../convert/results.ts';
import { reasonOf } from '../github/http-errors.ts';
import type { PullRequestFile } from '../plan/pull-request-files.ts';
import type { Plan } from '../plan/types.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';
import type { BasePdfConverter, PreviewReport } from './build-previews.ts';
import { wantsPreviews } from './wanted.ts';

/** Converts a plan with the run's engine (through the cache), stopping at the run's deadline. */
export type PlanConverter = (plan: Plan) => Promise<readonly JobResult[]>;

/** Less time than this left of the run's deadline: no previews (converting and rendering would not finish). */
export const MIN_PREVIEW_MS = 5_000;
/** Characters of the job summary the previews may take (see SUMMARY_BUDGET_BYTES in report/job-summary.ts). */
const SUMMARY_BUDGET = 150_000;

/**
 * `timeLeftMs` reads the run's one clock: how long until the `timeout` that started with the run passes.
 * Base conversions and page rendering stop then; with less than MIN_PREVIEW_MS left, nothing is started.
 */
export async function runPreviewStage(
  settings: Settings,
  results: readonly JobResult[],
  env: RunnerEnvironment,
  timeLeftMs: () => number,
  convertPlan: PlanConverter,
  /** The pull request's file list, when changed-only already read it whole. */
  pullRequestFiles?: readonly PullRequestFile[],
): Promise<PreviewReport | undefined> {
  if (settings.previews.mode === 'off') return undefined;
  if (!wantsPreviews(settings, env)) return undefined;
  // Loaded only when needed: the PDF renderer is the largest part of the bundle.
  const { basePdfsOf, basePlan, makePreviews } = await import('./build-previews.ts');
  const left = timeLeftMs();
  if (left < MIN_PREVIEW_MS) {
    core.notice(tooLateMessage(left, settings.timeoutMs));
    return undefined;
  }
  // Rendering stops at the deadline too: the documents not compared by then say so.
  const stop = new AbortController();
  const timer = setTimeout(
    () => stop.abort(new Error(`the timeout (${formatDuration(settings.timeoutMs)}) passed`)),
    left,
  );
  timer.unref();
  // Not a log group of its own: converting the base versions opens the run's own groups, and groups do not nest.
  try {
    return await makePreviews(
      settings,
      results,
      env,
      baseConverterWithin(timeLeftMs, settings.timeoutMs, async (sources) =>
        basePdfsOf(await convertPlan(basePlan(sources))),
      ),
      { signal: stop.signal, timeLeftMs },
      pullRequestFiles,
    );
  } catch (error) {
    core.warning(`previews: failed: ${reasonOf(error)}`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The base versions' converter, given what is left of the deadline when it is called; too little left, and
 * each base version says why it was not converted (its document's preview reports it).
 */
export function baseConverterWithin(
  timeLeftMs: () => number,
  timeoutMs: number,
  convert: BasePdfConverter,
): BasePdfConverter {
  return async (sources) => {
    const left = timeLeftMs();
    if (left >= MIN_PREVIEW_MS) return convert(sources);
    const error = `not converted: ${wholeSeconds(left)} of the timeout (${formatDuration(timeoutMs)}) was left`;
    return new Map(sources.map((source) => [source.repoPath, { error }]));
  };
}

function tooLateMessage(leftMs: number, timeoutMs: number): string {
  return (
    `previews: skipped, ${wholeSeconds(leftMs)} of the timeout (${formatDuration(timeoutMs)}) ` +
    `was left and previews need at least ${formatDuration(MIN_PREVIEW_MS)} to convert the base versions and ` +
    'render the pages; raise timeout to have them.'
  );
}

function wholeSeconds(ms: number): string {
  return formatDuration(Math.floor(Math.max(0, ms) / 1000) * 1000);
}

/** The page-change lines (and images) for the job summary; nothing without previews. */
export async function previewSection(previews: PreviewReport | undefined): Promise<ReportSection> {
  if (!previews) return { summary: '', outputs: {} };
  const { changesFileMention, renderPreviewSection } = await import('./markdown.ts');
  const section = renderPreviewSection(previews, SUMMARY_BUDGET, changesFileMention(previews, {}));
  return { summary: `${section}\n\n`, outputs: {} };
}
