/**
 * Publishing the converted files, in order: artifact → commit → release → pull-request comment (which lists the
 * links the others produced). Each step records its own failure and the next still runs: a publishing failure
 * never hides which documents converted. The caller shows `notices` and fails the step when `failures` is not
 * empty; they are not printed here.
 */
import * as core from '@actions/core';
import type { CommitChanges } from '../cache/index.ts';
import { untrustedText } from '../common/untrusted-text.ts';
import type { Deadline } from '../convert/deadline.ts';
import type { JobResult } from '../convert/results.ts';
import { createGitHubClient, type GitHubClient } from '../github/client.ts';
import type { PreviewReport } from '../previews/build-previews.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';
import { type ArtifactUploader, publishArtifacts } from './artifact.ts';
import { publishCommit } from './commit.ts';
import { runBeforeDeadline, startPublishingDeadline } from './deadline.ts';
import { collectConvertedFiles, filesAt } from './files.ts';
import { emptyOutcome, type PublishOutcome } from './outcome.ts';
import { wantsComment } from './comment-wanted.ts';
import { publishPullRequestComment } from './pr-comment.ts';
import { publishRelease } from './release.ts';

/** Seams for tests; the action itself passes none. */
export interface PublishDependencies {
  artifactUploader?: ArtifactUploader;
  octokit?: GitHubClient;
  /** GitHub's limit of artifacts per job (500); lowered by tests. */
  maxArtifactsPerJob?: number;
  /** Publishing's deadline; by default one derived from `timeout` (deadline.ts). */
  deadline?: AbortSignal;
}

/** What the stages before publishing add: page previews for the comment, the cache's changes for the commit. */
export interface PublishExtras {
  previews?: PreviewReport;
  /** In commit mode: the cache's manifest to commit with the outputs, and outputs of deleted sources to remove. */
  commitChanges?: CommitChanges;
  /** Files inside output-dir the zipped artifact carries besides the outputs: the report. */
  attachments?: readonly string[];
}

export async function publishResults(
  settings: Settings,
  results: readonly JobResult[],
  env: RunnerEnvironment,
  dependencies: PublishDependencies = {},
  extras: PublishExtras = {},
): Promise<PublishOutcome> {
  const outcome = emptyOutcome();
  const ownDeadline = dependencies.deadline ? undefined : startPublishingDeadline(settings.timeoutMs);
  const deadline = dependencies.deadline ?? (ownDeadline as Deadline).signal;
  try {
    const { targets } = settings.publish;
    const { files, problems } = await collectConvertedFiles(results, settings.workspace, settings.outputDir);
    for (const problem of problems) outcome.failures.push(`publish: ${problem}`);
    const attached = await filesAt(extras.attachments ?? [], settings.workspace, settings.outputDir);
    for (const problem of attached.problems) outcome.failures.push(`publish: ${problem}`);
    let octokit = dependencies.octokit;
    try {
      octokit ??= createGitHubClient(settings.publish.githubToken, env, deadline);
    } catch (error) {
      core.warning(
        `publish: cannot create the GitHub client: ${untrustedText(error instanceof Error ? error.message : String(error))}`,
      );
    }

    const steps: [string, () => Promise<void>][] = [];
    if (targets.has('artifact')) {
      steps.push([
        'artifact',
        () =>
          publishArtifacts(
            files,
            settings.outputDir,
            settings.publish,
            env,
            outcome,
            dependencies.artifactUploader,
            dependencies.maxArtifactsPerJob,
            attached.files,
          ),
      ]);
    }
    if (targets.has('commit')) {
      const location = { workspace: settings.workspace, outputDir: settings.outputDir };
      const { alsoCommit, remove } = extras.commitChanges ?? { alsoCommit: [], remove: [] };
      steps.push([
        'commit',
        async () => {
          const extra = await filesAt(alsoCommit, settings.workspace, settings.outputDir);
          for (const problem of extra.problems) outcome.failures.push(`commit: ${problem}`);
          const all = [...files, ...extra.files];
          await publishCommit(all, settings.publish, env, octokit, outcome, location, deadline, remove);
        },
      ]);
    }
    if (targets.has('release')) {
      steps.push(['release', () => publishRelease(files, settings.publish, env, octokit, outcome, deadline)]);
    }
    if (wantsComment(settings, env)) {
      steps.push([
        'pr-comment',
        () => publishPullRequestComment(results, settings, env, octokit, outcome, extras.previews),
      ]);
    }
    for (const [step, work] of steps) await runBeforeDeadline(step, work, deadline, outcome);
  } finally {
    ownDeadline?.dispose();
  }
  return outcome;
}
