/**
 * Where a job's results land is decided by the plan, not by the service: one result takes the job's planned name;
 * several (one per page) must each be named `<stem>-page-<n>.<format>` for the job's own stem and format. Every
 * path is claimed for one job per run, so no job can write a file another job planned or wrote.
 */
import path from 'node:path';
import type { ConversionJob } from '../plan/types.ts';

/** Most result files one job may have (one per page for image targets); a longer list fails the job. */
export const MAX_RESULTS_PER_JOB = 10_000;

/** A result list that breaks the plan; the job fails and nothing of it is written. */
export class UnplannedOutputError extends Error {
  override name = 'UnplannedOutputError';
}

export class OutputClaims {
  /** path key → the job that owns the path */
  readonly #owners = new Map<string, ConversionJob>();

  /** Every job's planned output is claimed up front, so no other job's pages can land on it, whoever finishes first. */
  constructor(jobs: readonly ConversionJob[]) {
    for (const job of jobs) this.#owners.set(claimKey(plannedPath(job)), job);
  }

  /**
   * The local path for each of the job's results, in order, claimed for the job. Throws UnplannedOutputError,
   * claiming nothing, when the list is too long or a name is not one this job may have.
   */
  place(job: ConversionJob, serverNames: readonly string[]): string[] {
    if (serverNames.length > MAX_RESULTS_PER_JOB) {
      throw new UnplannedOutputError(
        `the service listed more than ${MAX_RESULTS_PER_JOB} result files for one document, ` +
          'more than this action accepts; nothing was written',
      );
    }
    const paths = serverNames.length === 1 ? [plannedPath(job)] : pagePaths(job, serverNames);
    for (const target of paths) {
      const owner = this.#owners.get(claimKey(target));
      if (owner !== undefined && owner !== job) {
        throw new UnplannedOutputError(
          `the service named a result ${quoteName(path.basename(target))}, which is the planned output of ` +
            `${quoteName(owner.source.workspacePath)} → ${owner.format}; nothing was written`,
        );
      }
    }
    for (const target of paths) this.#owners.set(claimKey(target), job);
    return paths;
  }
}

function plannedPath(job: ConversionJob): string {
  return path.join(job.outputDirectory, path.posix.basename(job.expectedOutput));
}

/** `<stem>-page-<n>.<format>` with n a page number from 1 to the cap, each page once. */
function pagePaths(job: ConversionJob, serverNames: readonly string[]): string[] {
  const prefix = `${job.source.stem}-page-`;
  const suffix = `.${job.format}`;
  const seen = new Set<number>();
  return serverNames.map((name) => {
    const digits =
      name.startsWith(prefix) && name.toLowerCase().endsWith(suffix)
        ? name.slice(prefix.length, name.length - suffix.length)
        : '';
    const page = /^[1-9]\d{0,5}$/.test(digits) ? Number(digits) : Number.NaN;
    if (!(page <= MAX_RESULTS_PER_JOB)) {
      throw new UnplannedOutputError(
        `the service named a result ${quoteName(name)}; the results of ${quoteName(job.source.workspacePath)} → ` +
          `${job.format} must be named ${quoteName(`${prefix}<page>${suffix}`)}; nothing was written`,
      );
    }
    if (seen.has(page)) {
      throw new UnplannedOutputError(
        `the service returned page ${page} twice (${quoteName(name)}); nothing was written`,
      );
    }
    seen.add(page);
    return path.join(job.outputDirectory, `${prefix}${page}${suffix}`);
  });
}

/** Paths the file system would treat as one file. */
function claimKey(absolutePath: string): string {
  const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';
  return caseInsensitive ? absolutePath.toLowerCase() : absolutePath;
}

/** A name from the service, quoted and shortened: it is shown in logs, outputs and comments. */
function quoteName(name: string): string {
  const shown = name.length > 120 ? `${name.slice(0, 120)}…` : name;
  return JSON.stringify(shown);
}
