/**
 * Publishing the converted files, in order: artifact → commit → release → pull-request comment (which lists the
 * links the others produced). Each step records its own failure and the next still runs: a publishing failure
 * never hides which documents converted. The caller shows `notices` and fails the step when `failures` is not
 * empty; they are not printed here.
 */
import * as core from '@actions/core';
import type { JobResult } from '../results.ts';
import type { Settings } from '../settings-types.ts';
import { type ArtifactUploader, publishArtifacts } from './artifact.ts';
import { publishCommit } from './commit.ts';
import type { PublishEnvironment } from './environment.ts';
import { collectConvertedFiles, filesAt } from './files.ts';
import { createGitHubClient, type GitHubClient } from './github-client.ts';
import { emptyOutcome, type PublishOutcome } from './outcome.ts';
import { publishPullRequestComment } from './pr-comment.ts';
import { publishRelease } from './release.ts';

export type { ArtifactUploader } from './artifact.ts';
export { commitBranchFor } from './commit.ts';
export { type PublishEnvironment, readPublishEnvironment } from './environment.ts';
export { artifactUrl, commitUrl, committedFileUrl, encodeUrlPath, runUrl } from './links.ts';
export {
  escapeMarkdown,
  markdownLink,
  renderOutputLinks,
  renderPublishedLinks,
  renderResultsTable,
  STATUS_LABELS,
} from './markdown.ts';
export { perFileArtifactName, releaseAssetName } from './names.ts';
export type { FileLinks, PublishOutcome } from './outcome.ts';
export { commentMarker, renderCommentBody } from './pr-comment.ts';

/** Seams for tests; the action itself passes none. */
export interface PublishDependencies {
  artifactUploader?: ArtifactUploader;
  octokit?: GitHubClient;
  /** GitHub's limit of artifacts per job (500); lowered by tests. */
  maxArtifactsPerJob?: number;
}

export async function publishResults(
  settings: Settings,
  results: readonly JobResult[],
  env: PublishEnvironment,
  dependencies: PublishDependencies = {},
  /** Files inside output-dir the zipped artifact carries besides the outputs: the report. */
  attachments: readonly string[] = [],
): Promise<PublishOutcome> {
  const outcome = emptyOutcome();
  const { targets } = settings.publish;
  const { files, problems } = await collectConvertedFiles(results, settings.workspace, settings.outputDir);
  for (const problem of problems) outcome.failures.push(`publish: ${problem}`);
  const attached = await filesAt(attachments, settings.workspace, settings.outputDir);
  for (const problem of attached.problems) outcome.failures.push(`publish: ${problem}`);
  let octokit = dependencies.octokit;
  try {
    octokit ??= createGitHubClient(settings.publish.githubToken, env);
  } catch (error) {
    core.warning(
      `publish: cannot create the GitHub client: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  if (targets.has('artifact')) {
    await publishArtifacts(
      files,
      settings.outputDir,
      settings.publish,
      env,
      outcome,
      dependencies.artifactUploader,
      dependencies.maxArtifactsPerJob,
      attached.files,
    );
  }
  if (targets.has('commit')) {
    await publishCommit(files, settings.publish, env, octokit, outcome, {
      workspace: settings.workspace,
      outputDir: settings.outputDir,
    });
  }
  if (targets.has('release')) await publishRelease(files, settings.publish, env, octokit, outcome);
  await publishPullRequestComment(results, settings, env, octokit, outcome);

  return outcome;
}
