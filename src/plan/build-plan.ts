/** Which files to convert and where each output goes: patterns → documents → one job per (document, format). */

import fs from 'node:fs/promises';
import path from 'node:path';
import * as glob from '@actions/glob';
import { isImageFormat } from '../settings/formats.ts';
import { isInsideDirectory, realLocation } from '../settings/index.ts';
import type { Settings } from '../settings/types.ts';
import type { ConversionJob, Plan, SourceDocument } from './types.ts';

/** Finds the files the `path` patterns name. Returns absolute paths of files (never directories). */
export interface FileFinder {
  find(patterns: readonly string[], workspace: string): Promise<string[]>;
}

/** The plan cannot be made: the patterns or the files they match break a rule. Lists every problem found. */
export class PlanError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(summarise(problems));
    this.name = 'PlanError';
    this.problems = problems;
  }
}

/**
 * Matches patterns the way actions/upload-artifact does: a directory line means every file below it, `!` excludes.
 * Relative patterns are taken against the workspace, whatever the current directory. Files inside hidden folders
 * or with hidden names (starting with `.`, such as `.git/…`) are left out unless a pattern names that hidden
 * part literally (`.github/docs`), so `path: .` never converts the repository's metadata.
 */
export const globFinder: FileFinder = {
  async find(patterns, workspace) {
    const lines = patterns.flatMap((pattern) => {
      const { negated, body } = splitNegation(pattern);
      // An empty line (or a bare "!") would otherwise mean the whole workspace.
      return body === '' ? [] : [`${negated ? '!' : ''}${globAgainstWorkspace(body, workspace)}`];
    });
    const globber = await glob.create(lines.join('\n'), {
      matchDirectories: false,
      implicitDescendants: true,
      followSymbolicLinks: true,
      // Hidden files are filtered below instead: this option would drop everything in a workspace named `.x`.
      excludeHiddenFiles: false,
    });
    const namedHidden = hiddenNamesIn(patterns);
    const files = await globber.glob();
    return files.filter((file) => !hasUnnamedHiddenPart(path.relative(workspace, file), namedHidden));
  },
};

/** Hidden names (`.github`, `.drafts`) written literally, without glob characters, in include patterns. */
function hiddenNamesIn(patterns: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const pattern of patterns) {
    const { negated, body } = splitNegation(pattern);
    if (negated) continue;
    for (const part of body.split(/[\\/]/)) {
      if (part.startsWith('.') && part !== '.' && part !== '..' && !/[*?[]/.test(part)) names.add(part);
    }
  }
  return names;
}

/**
 * Why a file is not read although a pattern matched it, judged on the path it was matched under and the path it
 * really leads to (symlinks resolved): `.git` is never read (it holds the checkout's credentials), and a hidden
 * place is read only when a pattern names it, whichever way the file is reached.
 */
function hiddenPlaceReached(
  relativePaths: readonly string[],
  namedHidden: ReadonlySet<string>,
): string | undefined {
  const parts = relativePaths.flatMap((relative) => relative.split(path.sep));
  if (parts.some((part) => part.toLowerCase() === '.git'))
    return "inside the repository's .git directory, which is never read";
  const hidden = parts.find(
    (part) => part.startsWith('.') && part !== '..' && part !== '.' && !namedHidden.has(part),
  );
  if (hidden !== undefined) return `inside the hidden ${quote(hidden)}, which no pattern names`;
  return undefined;
}

function hasUnnamedHiddenPart(relative: string, namedHidden: ReadonlySet<string>): boolean {
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return false;
  return relative.split(path.sep).some((part) => part.startsWith('.') && !namedHidden.has(part));
}

/** Builds the plan. An empty plan is not an error here: the caller applies `if-no-files-found`. */
export async function buildPlan(settings: Settings, finder: FileFinder = globFinder): Promise<Plan> {
  const places = await placesOf(settings);
  const patternProblems = patternsLeavingWorkspace(settings.patterns, places);
  if (patternProblems.length > 0) throw new PlanError(patternProblems);

  const found = await finder.find(settings.patterns, settings.workspace);
  const { candidates, problems, skipped } = await collectCandidates(
    found,
    places,
    hiddenNamesIn(settings.patterns),
  );
  if (problems.length > 0) throw new PlanError(problems);

  const documents: SourceDocument[] = [];
  for (const candidate of candidates) {
    const document = sourceDocumentOf(candidate, places, problems);
    if (document !== undefined) documents.push(document);
  }
  if (problems.length > 0) throw new PlanError(problems);

  const jobs = jobsFor(documents, settings, places, problems);
  if (problems.length > 0) throw new PlanError(problems);
  return { documents, jobs, ...(skipped.length > 0 ? { skipped } : {}) };
}

/** Each location the plan checks against, in both its configured and its real (symlinks resolved) form. */
interface Places {
  workspace: string;
  realWorkspace: string;
  outputDir: string;
  realOutputDir: string;
  baseDir: string;
}

interface Candidate {
  absolutePath: string;
  /** The matched path, mapped under the configured workspace when it was reached through its real path. */
  matchedPath: string;
  workspacePath: string;
  sizeBytes: number;
}

async function placesOf(settings: Settings): Promise<Places> {
  return {
    workspace: settings.workspace,
    realWorkspace: await fs.realpath(settings.workspace),
    outputDir: settings.outputDir,
    realOutputDir: realLocation(settings.outputDir),
    baseDir: settings.baseDir,
  };
}

function patternsLeavingWorkspace(patterns: readonly string[], places: Places): string[] {
  const problems: string[] = [];
  for (const pattern of patterns) {
    const { negated, body } = splitNegation(pattern);
    // An exclude outside the workspace excludes nothing and harms nothing.
    if (negated || body === '') continue;
    const absolute = path.resolve(places.workspace, body);
    if (
      !isInsideDirectory(places.workspace, absolute) &&
      !isInsideDirectory(places.realWorkspace, absolute)
    ) {
      problems.push(
        `Input "path" has the pattern ${quote(pattern)}, which points outside the workspace (${places.workspace}). ` +
          'Only files inside the workspace can be converted.',
      );
    }
  }
  return problems;
}

async function collectCandidates(
  found: readonly string[],
  places: Places,
  namedHidden: ReadonlySet<string>,
): Promise<{ candidates: Candidate[]; problems: string[]; skipped: string[] }> {
  const problems: string[] = [];
  const skipped: string[] = [];
  const candidates: Candidate[] = [];
  // Sorted first so that problems are listed in the same order on every run.
  const absolutePaths = found
    .map((foundPath) => path.resolve(places.workspace, foundPath))
    .sort(compareBytes);
  // Looked at in slices of files at once: one after another, the file system's round trips were most of the time
  // of planning 100,000 documents.
  for (let start = 0; start < absolutePaths.length; start += FILES_INSPECTED_AT_ONCE) {
    const slice = absolutePaths.slice(start, start + FILES_INSPECTED_AT_ONCE);
    for (const found of await Promise.all(slice.map((absolute) => inspect(absolute, places, namedHidden)))) {
      if (found === undefined) continue;
      if ('problem' in found) problems.push(found.problem);
      else if ('skipped' in found) skipped.push(found.skipped);
      else candidates.push(found);
    }
  }
  return { candidates: uniqueInByteOrder(candidates), problems, skipped };
}

const FILES_INSPECTED_AT_ONCE = 256;

/**
 * A matched file as a candidate, a problem with it, a reason it is skipped (it leads into `.git` or an unnamed hidden
 * place), or undefined when it is not a source (gone, an output, not a file).
 */
async function inspect(
  absolute: string,
  places: Places,
  namedHidden: ReadonlySet<string>,
): Promise<Candidate | { problem: string } | { skipped: string } | undefined> {
  let real: string;
  try {
    real = await fs.realpath(absolute);
  } catch {
    return undefined; // gone since it was matched, or a broken link: nothing to convert
  }
  if (!isInsideDirectory(places.realWorkspace, real)) {
    return {
      problem:
        `${quote(displayPath(absolute, places))} matched by input "path" leads to ${quote(real)}, outside the ` +
        'workspace. Only files inside the workspace can be converted; exclude it with a "!" line.',
    };
  }
  const matchedPath = isInsideDirectory(places.workspace, absolute)
    ? absolute
    : path.join(places.workspace, path.relative(places.realWorkspace, real));
  const hiddenPlace = hiddenPlaceReached(
    [path.relative(places.workspace, matchedPath), path.relative(places.realWorkspace, real)],
    namedHidden,
  );
  if (hiddenPlace !== undefined) {
    return {
      skipped:
        `${quote(displayPath(absolute, places))} matched by input "path" was skipped: it leads to ` +
        `${quote(toPosix(path.relative(places.realWorkspace, real)))}, ${hiddenPlace}.`,
    };
  }
  // Earlier outputs are never sources, so a re-run does not convert its own results.
  if (isInsideDirectory(places.outputDir, matchedPath) || isInsideDirectory(places.realOutputDir, real)) {
    return undefined;
  }
  const stats = await fs.stat(real);
  if (!stats.isFile()) return undefined;
  return {
    absolutePath: real,
    matchedPath,
    workspacePath: toPosix(path.relative(places.workspace, matchedPath)),
    sizeBytes: stats.size,
  };
}

/** Sorted by workspace path in byte order; one entry per real file (the first name it was found under). */
function uniqueInByteOrder(candidates: Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((a, b) => compareBytes(a.workspacePath, b.workspacePath));
  const seen = new Set<string>();
  return sorted.filter((candidate) => {
    if (seen.has(candidate.absolutePath)) return false;
    seen.add(candidate.absolutePath);
    return true;
  });
}

function sourceDocumentOf(
  candidate: Candidate,
  places: Places,
  problems: string[],
): SourceDocument | undefined {
  if (!isInsideDirectory(places.baseDir, candidate.matchedPath)) {
    problems.push(
      `${quote(candidate.workspacePath)} is not below base-dir ${quote(displayPath(places.baseDir, places))}. ` +
        'Change base-dir, or exclude the file with a "!" line in input "path".',
    );
    return undefined;
  }
  const name = path.basename(candidate.matchedPath);
  const extension = path.extname(name);
  const subdir = path.posix.dirname(toPosix(path.relative(places.baseDir, candidate.matchedPath)));
  return {
    absolutePath: candidate.absolutePath,
    workspacePath: candidate.workspacePath,
    outputSubdir: subdir === '.' ? '' : subdir,
    stem: name.slice(0, name.length - extension.length),
    extension: extension.slice(1).toLowerCase(),
    sizeBytes: candidate.sizeBytes,
  };
}

function jobsFor(
  documents: readonly SourceDocument[],
  settings: Settings,
  places: Places,
  problems: string[],
): ConversionJob[] {
  const jobs: ConversionJob[] = [];
  const firstSourceOf = new Map<string, SourceDocument>();
  const reportedPairs = new Set<string>();
  const subdirChecked = new Map<string, boolean>();

  for (const [documentIndex, source] of documents.entries()) {
    const outputDirectory = path.join(settings.outputDir, ...source.outputSubdir.split('/').filter(Boolean));
    if (!subdirChecked.has(outputDirectory)) {
      subdirChecked.set(outputDirectory, outputStaysInside(outputDirectory, places));
    }
    for (const format of settings.formats) {
      const fileName = `${source.stem}${isImageFormat(format) ? '-page-1' : ''}.${format}`;
      const outputFile = path.join(outputDirectory, fileName);
      if (
        !subdirChecked.get(outputDirectory) ||
        outputFile === settings.outputDir ||
        !isInsideDirectory(settings.outputDir, outputFile)
      ) {
        problems.push(
          `${quote(source.workspacePath)} would be written to ${quote(outputFile)}, outside output-dir ` +
            `${quote(displayPath(settings.outputDir, places))}. Rename the file or exclude it with a "!" line.`,
        );
        continue;
      }
      const expectedOutput = toPosix(path.relative(settings.workspace, outputFile));
      const key = collisionKey(expectedOutput);
      const earlier = firstSourceOf.get(key);
      if (earlier === undefined) {
        firstSourceOf.set(key, source);
      } else if (!reportedPairs.has(`${earlier.workspacePath}\n${source.workspacePath}`)) {
        reportedPairs.add(`${earlier.workspacePath}\n${source.workspacePath}`);
        problems.push(
          `${quote(earlier.workspacePath)} and ${quote(source.workspacePath)} would both be converted to ` +
            `${quote(expectedOutput)}. Exclude one of them, e.g. add the line ` +
            `${quote(`!${escapeGlob(source.workspacePath)}`)} to input "path".`,
        );
      }
      jobs.push({
        id: `${documentIndex}-${format}`,
        documentIndex,
        source,
        format,
        outputDirectory,
        expectedOutput,
      });
    }
  }
  return jobs;
}

/** A folder inside output-dir may already exist as a symlink leading elsewhere; writing through it is refused. */
function outputStaysInside(outputDirectory: string, places: Places): boolean {
  return isInsideDirectory(places.realOutputDir, realLocation(outputDirectory));
}

/** Output names that the file system would treat as one file. */
function collisionKey(workspacePath: string): string {
  const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';
  return caseInsensitive ? workspacePath.toLowerCase() : workspacePath;
}

function splitNegation(pattern: string): { negated: boolean; body: string } {
  let negated = false;
  let body = pattern.trim();
  while (body.startsWith('!')) {
    negated = !negated;
    body = body.slice(1).trim();
  }
  return { negated, body };
}

/**
 * The pattern made absolute against the workspace, with the workspace part escaped so that a workspace path
 * holding `*`, `?` or `[` is taken literally while the user's part keeps its glob meaning.
 */
function globAgainstWorkspace(pattern: string, workspace: string): string {
  const absolute = path.isAbsolute(pattern) ? path.normalize(pattern) : path.join(workspace, pattern);
  if (absolute === workspace || absolute.startsWith(withTrailingSeparator(workspace))) {
    return escapeGlob(workspace) + absolute.slice(workspace.length);
  }
  return absolute;
}

function withTrailingSeparator(directory: string): string {
  return directory.endsWith(path.sep) ? directory : directory + path.sep;
}

/** Escapes glob characters so @actions/glob matches the text literally. */
function escapeGlob(text: string): string {
  const escaped = process.platform === 'win32' ? text : text.replace(/\\/g, '\\\\');
  return escaped.replace(/[*?[]/g, (character) => `[${character}]`);
}

function displayPath(absolute: string, places: Places): string {
  if (isInsideDirectory(places.workspace, absolute)) {
    return toPosix(path.relative(places.workspace, absolute)) || '.';
  }
  return absolute;
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function quote(value: string): string {
  return JSON.stringify(value);
}

/** Long lists are cut so the step log stays readable; every problem is still in PlanError.problems. */
function summarise(problems: readonly string[]): string {
  const shown = 20;
  if (problems.length <= shown) return problems.join('\n');
  return [...problems.slice(0, shown), `…and ${problems.length - shown} more.`].join('\n');
}
