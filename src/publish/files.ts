/** The converted files every publishing step works from, with the paths each step names them by. */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { whyNotRegularFileInside } from '../common/safe-files.ts';
import { hasOutputs, type JobResult } from '../convert/results.ts';

export interface ConvertedFile {
  absolutePath: string;
  /** Relative to the workspace, `/` separators: the path in the repository when committed. */
  workspacePath: string;
  /** Relative to output-dir, `/` separators: the path inside the zipped artifact and the base of per-file names. */
  outputPath: string;
  sizeBytes: number;
}

export interface ConvertedFiles {
  files: ConvertedFile[];
  /** Outputs that could not be published at all (gone from disk, or outside the workspace / output-dir), with why. */
  problems: string[];
}

export function toPosixRelative(from: string, to: string): string | undefined {
  const relative = path.relative(from, to);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** Every output of a converted or cached job, once each, sorted by workspace path. */
export async function collectConvertedFiles(
  results: readonly JobResult[],
  workspace: string,
  outputDir: string,
): Promise<ConvertedFiles> {
  const unique = new Set<string>();
  for (const result of results) {
    if (!hasOutputs(result.status)) continue;
    for (const output of result.outputs) unique.add(path.resolve(output));
  }
  return filesAt(unique, workspace, outputDir);
}

/** The files at these absolute paths, as publishing names them, sorted by workspace path. */
export async function filesAt(
  absolutePaths: Iterable<string>,
  workspace: string,
  outputDir: string,
): Promise<ConvertedFiles> {
  const unique = new Set([...absolutePaths].map((file) => path.resolve(file)));
  const files: ConvertedFile[] = [];
  const problems: string[] = [];
  for (const absolutePath of unique) {
    const workspacePath = toPosixRelative(workspace, absolutePath);
    const outputPath = toPosixRelative(outputDir, absolutePath);
    if (workspacePath === undefined || outputPath === undefined) {
      problems.push(`${absolutePath} is outside the output directory ${outputDir}`);
      continue;
    }
    // Judged by what it is, not where its name leads: a link to .git/config must never be published.
    const why = await whyNotRegularFileInside(outputDir, absolutePath);
    if (why === 'it is missing') {
      problems.push(`${workspacePath} is missing on disk`);
      continue;
    }
    if (why !== undefined) {
      problems.push(`${workspacePath} is not a regular file inside output-dir (${why}); not published`);
      continue;
    }
    files.push({ absolutePath, workspacePath, outputPath, sizeBytes: (await lstat(absolutePath)).size });
  }
  files.sort((a, b) => (a.workspacePath < b.workspacePath ? -1 : a.workspacePath > b.workspacePath ? 1 : 0));
  return { files, problems };
}
