/**
 * One comment per pull request listing the results with their links, found again by a hidden marker and
 * edited in place on every run. Only a bot's comment that starts with the marker is edited: a person quoting
 * the marker keeps their comment. A token that may not comment gives a warning, never a failed step.
 */
import path from 'node:path';
import * as core from '@actions/core';
import { characters } from '../common/budget.ts';
import { escapeMarkdown } from '../common/markdown.ts';
import { SHOWN_MESSAGE_LENGTH, untrustedText } from '../common/untrusted-text.ts';
import type { JobResult } from '../convert/results.ts';
import { totalsOf } from '../convert/results.ts';
import type { GitHubClient } from '../github/client.ts';
import { hasNextPage, httpStatusOf, reasonOf } from '../github/http-errors.ts';
import { githubLink, runUrl } from '../github/links.ts';
import type { PreviewReport } from '../previews/build-previews.ts';
import { changesFileMention, renderPreviewSection } from '../previews/markdown.ts';
import { reportPathFor } from '../settings/report-path.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import { hasRepository } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';
import { wantsComment } from './comment-wanted.ts';
import { omittedRowsNote, renderPublishedLinks, renderResultsTable } from './markdown.ts';
import type { OutcomeDraft, PublishOutcome } from './outcome.ts';

/** GitHub refuses comments longer than this. */
const COMMENT_LIMIT = 65_536;
const MAX_LISTED_FAILURES = 30;
/** Pages of 100 comments read when looking for this action's comment. */
const MAX_COMMENT_PAGES = 30;
const NO_PERMISSION_HINT =
  'needs permissions: pull-requests: write; pull requests from forks get a read-only token';

/**
 * The hidden line that identifies this action's comment: the workflow and the artifact name, so two workflows
 * (or two steps with different artifact names) keep a comment each.
 */
export function commentMarker(env: Pick<RunnerEnvironment, 'workflow'>, artifactName: string): string {
  const id = `${env.workflow}/${artifactName}`.replace(/-{2,}|[<>\r\n]/g, '_');
  return `<!-- convert-documents-action:${id} -->`;
}

/** The comment's Markdown. Pure: the same results and outcome always give the same text. */
export function renderCommentBody(
  results: readonly JobResult[],
  outcome: PublishOutcome,
  env: RunnerEnvironment,
  settings: Settings,
  previews?: PreviewReport,
): string {
  const totals = totalsOf(results);
  // Blocks are separated by a blank line: a line right after a table would be read as one more row.
  const head = [
    `${commentMarker(env, settings.publish.artifactName)}\n### Converted documents`,
    `**${totals.converted} converted**, ${cachedPart(totals.cached)}${totals.failed} failed, ${totals.timedOut} timed out · [workflow run](${runUrl(env)})`,
  ];
  const tail: string[] = [];
  const published = renderPublishedLinks(outcome, settings.publish.artifactName);
  if (published) tail.push(`Published: ${published}`);
  if (outcome.failures.length > 0) {
    const listed = outcome.failures
      .slice(0, MAX_LISTED_FAILURES)
      .map((failure) => `- ${escapeMarkdown(untrustedText(failure, SHOWN_MESSAGE_LENGTH))}`);
    const more = outcome.failures.length - listed.length;
    if (more > 0) listed.push(`- …and ${more} more in the workflow run's log`);
    tail.push('**Publishing failed:**', listed.join('\n'));
  }
  const fixedLength = [...head, ...tail].join('\n\n').length;
  // Room is kept for the note under a table that did not fit (a few hundred characters at most).
  const table = renderResultsTable(results, outcome, settings, {
    limit: COMMENT_LIMIT - fixedLength - 1000,
    measure: characters,
  });
  const middle: string[] = [];
  if (results.length === 0) middle.push('No documents were converted.');
  else {
    middle.push(table.markdown);
    if (table.omitted > 0) {
      const report = escapeMarkdown(
        path.relative(settings.workspace, reportPathFor(settings)).split(path.sep).join('/'),
      );
      middle.push(
        omittedRowsNote(
          table,
          results.length,
          `the report ${report} in the [workflow run](${runUrl(env)})'s artifact`,
        ),
      );
    }
  }
  if (previews) {
    const used = [...head, ...middle, ...tail].join('\n\n').length;
    middle.push(
      renderPreviewSection(previews, COMMENT_LIMIT - used - 200, changesFileMention(previews, outcome)),
    );
  }
  return `${[...head, ...middle, ...tail].join('\n\n')}\n`;
}

function cachedPart(cached: number): string {
  return cached > 0 ? `${cached} cached, ` : '';
}

/** The pull request to comment on: the event's, or with `always`, an open one that has this commit. */
async function pullRequestNumber(
  settings: Settings,
  env: RunnerEnvironment,
  octokit: GitHubClient,
): Promise<number | undefined> {
  if (env.pullRequest) return env.pullRequest.number;
  if (settings.publish.prComment !== 'always' || !env.sha) return undefined;
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
    owner: env.repository.owner,
    repo: env.repository.repo,
    commit_sha: env.sha,
  });
  return data.find((pr) => pr.state === 'open')?.number;
}

/** This action's own comment: a bot's (the token's identity is a bot) that starts with the marker. */
function isOwnComment(
  comment: { body?: string | undefined; user?: { type?: string } | null },
  marker: string,
): boolean {
  return comment.user?.type === 'Bot' && comment.body?.startsWith(marker) === true;
}

/** A warning annotation only: not also a notice, which the caller would print as a second annotation. */
function warnNotAllowed(message: string): void {
  core.warning(message);
}

export async function publishPullRequestComment(
  results: readonly JobResult[],
  settings: Settings,
  env: RunnerEnvironment,
  octokit: GitHubClient | undefined,
  outcome: OutcomeDraft,
  previews?: PreviewReport,
): Promise<void> {
  if (!wantsComment(settings, env)) return;
  if (!octokit) {
    warnNotAllowed('pr-comment: skipped, no github-token was given');
    return;
  }
  if (!hasRepository(env)) {
    outcome.notices.push(
      'pr-comment: skipped, not running in a GitHub repository (GITHUB_REPOSITORY is not set)',
    );
    return;
  }
  const where = { owner: env.repository.owner, repo: env.repository.repo };
  let number: number | undefined;
  try {
    number = await pullRequestNumber(settings, env, octokit);
    if (number === undefined) {
      outcome.notices.push('pr-comment: skipped, no open pull request for this run');
      return;
    }
    const marker = commentMarker(env, settings.publish.artifactName);
    const body = renderCommentBody(results, outcome, env, settings, previews);
    let existingId: number | undefined;
    let pagesRead = 0;
    for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, {
      ...where,
      issue_number: number,
      per_page: 100,
    })) {
      existingId = page.data.find((comment) => isOwnComment(comment, marker))?.id;
      if (existingId !== undefined) break;
      if (++pagesRead >= MAX_COMMENT_PAGES && hasNextPage(page.headers.link)) {
        // A listing that goes on (a huge thread, or an API that pages for ever): a second comment is the
        // lesser harm than never commenting.
        core.warning(
          `pr-comment: read the first ${MAX_COMMENT_PAGES * 100} comments of pull request #${number} without ` +
            "finding this action's comment; stopped reading there and posted a new comment",
        );
        break;
      }
    }
    const { data } =
      existingId === undefined
        ? await octokit.rest.issues.createComment({ ...where, issue_number: number, body })
        : await octokit.rest.issues.updateComment({ ...where, comment_id: existingId, body });
    const commentUrl = githubLink(data.html_url, env);
    if (commentUrl) outcome.commentUrl = commentUrl;
    core.info(
      `pr-comment: ${existingId === undefined ? 'posted' : 'updated'} ${commentUrl ?? `comment ${data.id}`}`,
    );
  } catch (error) {
    if (httpStatusOf(error) === 403) {
      const target = number === undefined ? 'the pull request' : `pull request #${number}`;
      warnNotAllowed(`pr-comment: the token cannot comment on ${target} (${NO_PERMISSION_HINT})`);
      return;
    }
    outcome.failures.push(`pr-comment: failed: ${reasonOf(error)}`);
  }
}
