/**
 * The publish stage: artifact, commit, release assets and pull-request comment, as the settings ask (a shard of a
 * matrix publishes its share as an artifact of its own). Failures are part of the outcome, never thrown.
 */
import * as core from '@actions/core';
import { SHOWN_MESSAGE_LENGTH, untrustedText } from '../common/untrusted-text.ts';
import { publishingFor } from '../plan/shard.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';
import { wantsComment } from './comment-wanted.ts';
import type { ConvertedRun } from './converted-run.ts';
import type { PublishOutcome } from './outcome.ts';

export type { ConvertedRun } from './converted-run.ts';

export interface Published {
  /** The settings publishing ran with (a shard's own artifact name, no comment or commit of its own). */
  settings: Settings;
  /** undefined when nothing was to be published, or the job was cancelled. */
  outcome: PublishOutcome | undefined;
}

export async function publishStage(
  settings: Settings,
  converted: ConvertedRun,
  runner: RunnerEnvironment,
  reportFile: string,
): Promise<Published> {
  const { settings: publishSettings, notice } = publishingFor(settings);
  if (notice) core.notice(notice);
  if (converted.cancelled) {
    // The runner allows a few seconds after cancelling: report what finished rather than start publishing.
    core.warning('The job was cancelled: nothing was published.');
    return { settings: publishSettings, outcome: undefined };
  }
  const { publish } = publishSettings;
  if (publish.targets.size === 0 && !wantsComment(publishSettings, runner)) {
    return { settings: publishSettings, outcome: undefined };
  }
  // Loaded only when needed: the GitHub and artifact clients are most of the bundle's start-up time and memory.
  const { publishResults } = await import('./publish-results.ts');
  const outcome = await core.group('Publish', () =>
    publishResults(
      publishSettings,
      converted.results,
      runner,
      {},
      {
        previews: converted.previews,
        commitChanges: converted.commitChanges,
        // The previews' full text and cell changes go with the report: the comment links them.
        attachments: [
          reportFile,
          ...(converted.previews?.changesFile ? [converted.previews.changesFile] : []),
        ],
      },
    ),
  );
  for (const notice of outcome.notices) core.notice(untrustedText(notice, SHOWN_MESSAGE_LENGTH));
  return { settings: publishSettings, outcome };
}
