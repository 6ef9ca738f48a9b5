/**
 * Where the action may write and read relative to the repository's own metadata: never `.git` (results there would
 * overwrite the checkout's configuration and credentials), and `.github` (workflows, actions, settings) only when
 * the `allow-github-dir` input asks for it.
 */

import path from 'node:path';
import { type InputReader, quote, type Report, readBoolean } from './input-readers.ts';

export interface ProtectedDirSettings {
  /** `allow-github-dir`: output-dir may be `.github` or inside it. */
  allowGithubDir: boolean;
}

export function readProtectedDirs(input: InputReader, report: Report): ProtectedDirSettings {
  return { allowGithubDir: readBoolean('allow-github-dir', input('allow-github-dir'), report) ?? false };
}

/** A directory input and where it is, as configured and with symlinks resolved. */
export interface DirectoryInput {
  name: 'output-dir' | 'base-dir';
  raw: string;
  /** Relative to the workspace, as configured. */
  relative: string;
  /** Relative to the real workspace, symlinks resolved. */
  realRelative: string;
}

/** Reports a directory input that is, or lies inside, `.git` — or `.github` for output-dir unless allowed. */
export function refuseProtectedDir(
  directory: DirectoryInput,
  settings: ProtectedDirSettings,
  report: Report,
): void {
  const parts = [directory.relative, directory.realRelative].flatMap((relative) =>
    relative.split(path.sep).map((part) => part.toLowerCase()),
  );
  const resolved =
    directory.realRelative === directory.relative ? '' : ` (it resolves to ${quote(directory.realRelative)})`;
  if (parts.includes('.git')) {
    report(
      `Input "${directory.name}" is ${quote(directory.raw)}${resolved}: it is the repository's .git directory or ` +
        'inside it, which holds the checkout’s configuration and credentials. Choose a directory outside .git.',
    );
  } else if (directory.name === 'output-dir' && parts.includes('.github') && !settings.allowGithubDir) {
    report(
      `Input "output-dir" is ${quote(directory.raw)}${resolved}: it is .github or inside it, where converted files ` +
        'could replace workflows or repository settings. Choose another directory, or set allow-github-dir: true ' +
        'if this is really meant.',
    );
  }
}
