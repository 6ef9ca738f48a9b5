/**
 * The previews stage, after the run: for each document the pull request changes, its PDF at the head (this
 * run's output) and at the base commit (fetched through the API, converted the same way) are rendered, their
 * pages aligned and compared, and the images of changed pages committed to the pull request's preview branch.
 * Returns typed data for the comment and the job summary; a document that fails is reported, never thrown.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { hasOutputs, type JobResult } from '../convert/results.ts';
import { createGitHubClient } from '../github/client.ts';
import type { GitRepository } from '../github/git-data.ts';
import { WriteDeniedError } from '../github/git-data.ts';
import { CONTENTS_WRITE_HINT, reasonOf } from '../github/http-errors.ts';
import { DocumentSandbox } from '../pdf/sandbox.ts';
import type { PullRequestFile } from '../plan/pull-request-files.ts';
import type { ConversionJob, Plan, SourceDocument } from '../plan/types.ts';
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';
import {
  type ChangedFile,
  changedFilesOf,
  downloadBaseVersion,
  listChangedFiles,
  NotAtBaseError,
} from './base-version.ts';
import { changesFileName, hasTextChanges, writeChangesFile } from './changes-file.ts';
import { type PreviewDeadline, previewDocument, type SelectedDocument } from './document-preview.ts';
import {
  deletePreviewBranch,
  hostImages,
  type ImageToHost,
  previewBranch,
  pruneClosedPreviewBranches,
} from './hosting.ts';
import type { PageImages } from './render.ts';
import type { DocumentPreview, PreviewImageLinks, PreviewReport } from './types.ts';
import { wantsPreviews } from './wanted.ts';

/** Documents previewed per run at most: each modified one costs a conversion of its base version. */
const MAX_DOCUMENTS = 20;
/** Images committed per run at most. */
const MAX_IMAGES = 150;

export type { PreviewDeadline } from './document-preview.ts';
export type { DocumentPreview, PreviewImageLinks, PreviewReport } from './types.ts';

/** A base version to convert: the file fetched from the base commit, and where its PDF should go. */
export interface BaseSource {
  repoPath: string;
  file: string;
  sizeBytes: number;
  outputDirectory: string;
}

/**
 * Converts base versions to PDF and returns each one's PDF path, or why there is none. The action converts
 * them with the run's own engine, through the conversion cache (a base version converted before is restored).
 */
export type BasePdfConverter = (
  sources: readonly BaseSource[],
) => Promise<Map<string, { pdf?: string; error?: string }>>;

export async function makePreviews(
  settings: Settings,
  results: readonly JobResult[],
  env: RunnerEnvironment,
  convertBase: BasePdfConverter,
  deadline?: PreviewDeadline,
  /** The pull request's file list when an earlier stage (changed-only) read it whole; else it is read here. */
  pullRequestFiles?: readonly PullRequestFile[],
): Promise<PreviewReport | undefined> {
  if (!wantsPreviews(settings, env)) return undefined;
  if (!settings.formats.includes('pdf')) {
    core.notice('previews: skipped, "format" has no pdf (previews are rendered from the PDF output)');
    return undefined;
  }
  const pullRequest = env.pullRequest;
  if (!pullRequest) {
    core.notice('previews: skipped, this run is not for a pull request');
    return undefined;
  }
  const octokit = createGitHubClient(settings.publish.githubToken, env);
  if (!octokit || !env.repository.owner) {
    core.warning('previews: skipped, no github-token was given or the repository is unknown');
    return undefined;
  }
  const repository: GitRepository = {
    octokit,
    where: { owner: env.repository.owner, repo: env.repository.repo },
    apiUrl: env.apiUrl,
    token: settings.publish.githubToken,
  };
  const work = await mkdtemp(path.join(env.temporaryDirectory, 'previews-'));
  const sandbox = new DocumentSandbox();
  try {
    let changed: ChangedFile[];
    try {
      changed = pullRequestFiles
        ? changedFilesOf(pullRequestFiles)
        : await listChangedFiles(repository, pullRequest.number);
    } catch (error) {
      core.warning(`previews: skipped, the pull request's files could not be listed: ${reasonOf(error)}`);
      return undefined;
    }
    const { documents, omitted } = selectDocuments(changed, results, settings);
    core.info(
      `previews: ${documents.length} changed document(s) of ${changed.length} changed file(s), against ${pullRequest.baseSha.slice(0, 7) || 'an unknown base'}`,
    );
    const report: PreviewReport = {
      documents: [],
      omittedDocuments: omitted,
      maxPages: settings.previews.maxPages,
    };

    const { answers: basePdfs, sources: baseSources } = await fetchAndConvertBases(
      repository,
      documents,
      pullRequest.baseSha,
      work,
      convertBase,
    );
    const localImages: PageImages[][] = [];
    for (const [index, document] of documents.entries()) {
      const { preview, images } = await previewDocument(document, {
        base: basePdfs.get(document.change.path),
        baseSource: baseSources.get(document.change.path),
        directory: path.join(work, 'images', String(index + 1)),
        sandbox,
        settings,
        deadline,
      });
      report.documents.push(preview);
      localImages.push(images);
    }
    await publishImages(repository, env, settings, pullRequest.number, report, localImages);
    if (hasTextChanges(report)) {
      try {
        report.changesFile = await writeChangesFile(report, settings.outputDir, settings.sharding.shard);
      } catch (error) {
        core.warning(
          `previews: ${changesFileName(settings.sharding.shard)} could not be written: ${reasonOf(error)}`,
        );
      }
    }
    return report;
  } finally {
    await sandbox.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** The changed files this run converted to PDF (or that are removed and would have been), up to the cap. */
function selectDocuments(
  changed: readonly ChangedFile[],
  results: readonly JobResult[],
  settings: Settings,
): { documents: SelectedDocument[]; omitted: number } {
  const pdfOf = new Map<string, { pdf: string; source: string }>();
  for (const result of results) {
    if (result.job.format === 'pdf' && hasOutputs(result.status) && result.outputs[0] !== undefined) {
      pdfOf.set(result.job.source.workspacePath, {
        pdf: result.outputs[0],
        source: result.job.source.absolutePath,
      });
    }
  }
  const all: SelectedDocument[] = [];
  for (const change of changed) {
    if (change.status === 'removed') {
      if (matchesPatterns(change.path, settings.patterns)) all.push({ change, headPdf: undefined });
    } else {
      const head = pdfOf.get(change.path);
      if (head !== undefined) all.push({ change, headPdf: head.pdf, headSource: head.source });
    }
  }
  return { documents: all.slice(0, MAX_DOCUMENTS), omitted: Math.max(0, all.length - MAX_DOCUMENTS) };
}

/** Whether a repository path would have been picked by the `path` input (a removed file cannot be globbed). */
function matchesPatterns(repoPath: string, patterns: readonly string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const body = pattern.replace(/^!+/, '').replace(/^\.\//, '').replace(/\/+$/, '');
    const matches = path.posix.matchesGlob(repoPath, body) || repoPath.startsWith(`${body}/`);
    if (matches) included = !negated;
  }
  return included;
}

async function fetchAndConvertBases(
  repository: GitRepository,
  documents: readonly SelectedDocument[],
  baseSha: string,
  work: string,
  convertBase: BasePdfConverter,
): Promise<{ answers: Map<string, { pdf?: string; error?: string }>; sources: Map<string, string> }> {
  const answers = new Map<string, { pdf?: string; error?: string }>();
  const sources: BaseSource[] = [];
  for (const [index, document] of documents.entries()) {
    if (document.change.status !== 'modified') continue;
    if (!baseSha) {
      answers.set(document.change.path, { error: 'the event does not name the base commit' });
      continue;
    }
    const folder = path.join(work, 'base', String(index + 1));
    await mkdir(folder, { recursive: true });
    // The base file keeps its name: the engine tells the source format by the extension.
    const name = path.posix.basename(document.change.basePath);
    // The name comes from the API: never one that would leave the folder.
    const file = path.join(folder, name === '' || name === '.' || name === '..' ? 'document' : name);
    try {
      const sizeBytes = await downloadBaseVersion(repository, document.change.basePath, baseSha, file);
      sources.push({
        repoPath: document.change.path,
        file,
        sizeBytes,
        outputDirectory: path.join(folder, 'pdf'),
      });
    } catch (error) {
      const reason =
        error instanceof NotAtBaseError ? error.message : `could not fetch it: ${reasonOf(error)}`;
      answers.set(document.change.path, { error: reason });
    }
  }
  if (sources.length > 0) {
    for (const [key, answer] of await convertBase(sources)) answers.set(key, answer);
  }
  return { answers, sources: new Map(sources.map((source) => [source.repoPath, source.file])) };
}

/** A plan converting each base source to PDF, for the run's engine. */
export function basePlan(sources: readonly BaseSource[]): Plan {
  const documents: SourceDocument[] = [];
  const jobs: ConversionJob[] = [];
  for (const [documentIndex, source] of sources.entries()) {
    const name = path.basename(source.file);
    const dot = name.lastIndexOf('.');
    const document: SourceDocument = {
      absolutePath: source.file,
      workspacePath: source.repoPath,
      outputSubdir: '',
      stem: dot > 0 ? name.slice(0, dot) : name,
      extension: dot > 0 ? name.slice(dot + 1).toLowerCase() : '',
      sizeBytes: source.sizeBytes,
    };
    documents.push(document);
    jobs.push({
      id: `${documentIndex}-pdf`,
      documentIndex,
      source: document,
      format: 'pdf',
      outputDirectory: source.outputDirectory,
      expectedOutput: `${source.repoPath} (base) → pdf`,
    });
  }
  return { documents, jobs };
}

/** The base PDFs a run of `basePlan` produced, by repository path. */
export function basePdfsOf(results: readonly JobResult[]): Map<string, { pdf?: string; error?: string }> {
  const answers = new Map<string, { pdf?: string; error?: string }>();
  for (const result of results) {
    const pdf = result.outputs[0];
    answers.set(
      result.job.source.workspacePath,
      hasOutputs(result.status) && pdf !== undefined ? { pdf } : { error: result.error ?? result.status },
    );
  }
  return answers;
}

async function publishImages(
  repository: GitRepository,
  env: RunnerEnvironment,
  settings: Settings,
  pullNumber: number,
  report: PreviewReport,
  localImages: readonly PageImages[][],
): Promise<void> {
  const toHost: ImageToHost[] = [];
  const kept: { document: DocumentPreview; pages: PageImages[] }[] = [];
  for (const [index, pages] of localImages.entries()) {
    const document = report.documents[index] as DocumentPreview;
    const fitting: PageImages[] = [];
    for (const page of pages) {
      const files = [page.before, page.after, page.diff].filter((file): file is string => file !== undefined);
      if (toHost.length + files.length > MAX_IMAGES) break;
      for (const file of files) toHost.push({ file, path: `${index + 1}/${path.basename(file)}` });
      fitting.push(page);
    }
    kept.push({ document, pages: fitting });
  }
  const branch = previewBranch(settings.previews.branchPrefix, pullNumber);
  if (toHost.length === 0) {
    // Nothing to show any more: the images of an earlier run go too.
    await deletePreviewBranch(repository, branch);
    return;
  }
  try {
    const hosted = await hostImages(
      repository,
      env,
      branch,
      toHost,
      `Page previews of pull request #${pullNumber} (run ${env.runId})`,
    );
    const url = (file: string | undefined) => (file === undefined ? undefined : hosted.urls.get(file));
    for (const { document, pages } of kept) {
      document.images = pages.map((page) => {
        const links: PreviewImageLinks = { change: page.change };
        const before = url(page.before);
        const after = url(page.after);
        const diff = url(page.diff);
        if (before) links.before = before;
        if (after) links.after = after;
        if (diff) links.diff = diff;
        return links;
      });
    }
    core.info(`previews: ${toHost.length} image(s) committed to ${branch} (${hosted.commitSha.slice(0, 7)})`);
  } catch (error) {
    if (error instanceof WriteDeniedError && settings.previews.mode === 'auto') {
      // Previews on by default: a workflow that never granted contents: write is not doing anything wrong.
      report.imagesNote = `no page images: ${CONTENTS_WRITE_HINT}`;
      core.info(`previews: ${report.imagesNote}; the page changes are listed as text.`);
      return;
    }
    report.imagesWarning =
      error instanceof WriteDeniedError
        ? `the page images could not be stored: ${CONTENTS_WRITE_HINT}`
        : `the page images could not be stored: ${reasonOf(error)}`;
    core.warning(`previews: ${report.imagesWarning}`);
    return;
  }
  const pruned = await pruneClosedPreviewBranches(repository, settings.previews.branchPrefix, pullNumber);
  if (pruned.length > 0) core.info(`previews: deleted ${pruned.length} branch(es) of closed pull requests`);
}
