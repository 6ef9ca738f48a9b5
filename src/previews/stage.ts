/**
 * The previews stage as main calls it: decides whether to run, loads the renderer only then, converts base
 * versions with the converter main hands in, and never fails the step (a problem is a warning).
 */
import * as core from '@actions/core';
import type { Plan } from '../plan-types.ts';
import { readPublishEnvironment } from '../publish/environment.ts';
import { reasonOf } from '../publish/http-errors.ts';
import type { JobResult } from '../results.ts';
import type { Settings } from '../settings-types.ts';
import type { PreviewReport } from './index.ts';

/** Converts a plan with the run's engine, within what is left of the run's deadline. */
export type PlanConverter = (plan: Plan) => Promise<readonly JobResult[]>;

const SUMMARY_BUDGET = 200_000;

export async function runPreviewStage(
  settings: Settings,
  results: readonly JobResult[],
  processEnv: NodeJS.ProcessEnv,
  convertPlan: PlanConverter,
): Promise<PreviewReport | undefined> {
  if (settings.previews.mode === 'off') return undefined;
  const env = readPublishEnvironment(processEnv);
  // Loaded only when needed: the PDF renderer is the largest part of the bundle.
  const { basePdfsOf, basePlan, makePreviews, wantsPreviews } = await import('./index.ts');
  if (!wantsPreviews(settings, env)) return undefined;
  // Not a log group of its own: converting the base versions opens the run's own groups, and groups do not nest.
  try {
    return await makePreviews(settings, results, env, async (sources) =>
      basePdfsOf(await convertPlan(basePlan(sources))),
    );
  } catch (error) {
    core.warning(`previews: failed: ${reasonOf(error)}`);
    return undefined;
  }
}

/** Adds the page-change lines (and images) to the job summary. */
export async function writePreviewSummary(previews: PreviewReport | undefined): Promise<void> {
  if (!previews) return;
  const { renderPreviewSection } = await import('./markdown.ts');
  await core.summary.addRaw(`${renderPreviewSection(previews, SUMMARY_BUDGET)}\n\n`).write();
}
