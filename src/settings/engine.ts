/**
 * The `engine`, `fonts-dir` and `page-size` inputs: which engine converts, the repository's own fonts the engines
 * use, and the paper the browser prints Markdown and HTML on.
 */

import fs from 'node:fs';
import path from 'node:path';
import { type InputReader, quote, type Report, readBoolean, readChoice } from './input-readers.ts';

/** `local`: each source to what reads it on the runner (Markdown and HTML to a browser, the rest to LibreOffice). */
export type EngineName = 'groupdocs' | 'libreoffice' | 'local';
export const ENGINE_NAMES: readonly EngineName[] = ['groupdocs', 'libreoffice', 'local'];

/** The paper sizes the browser prints on, as `page.pdf({ format })` names them. */
export type PageSize = 'A4' | 'Letter';
export const PAGE_SIZES: readonly PageSize[] = ['A4', 'Letter'];

/** Font files are recognised by these extensions, whatever their case. */
const FONT_EXTENSIONS = new Set(['.ttf', '.otf', '.ttc']);
/** A fonts folder is walked this deep and no further, and at most this many fonts are taken. */
const MAX_FONT_DEPTH = 4;
export const MAX_FONT_FILES = 500;

export interface FontsSettings {
  /** Absolute path of the folder, inside the workspace. */
  directory: string;
  /** Paths of the font files relative to `directory`, `/` separators, sorted. */
  files: readonly string[];
}

export interface EngineSettings {
  engine: EngineName;
  /** undefined when `fonts-dir` is empty. */
  fonts: FontsSettings | undefined;
  /** The paper Markdown and HTML are printed on by the browser (`engine: local`). */
  pageSize: PageSize;
  /** `install-libreoffice`: LibreOffice may be installed by the action on a GitHub-hosted runner that lacks it. */
  installLibreOffice: boolean;
}

export function readEngineSettings(input: InputReader, workspace: string, report: Report): EngineSettings {
  const engine = readChoice('engine', input('engine'), ENGINE_NAMES, report) ?? 'groupdocs';
  return {
    engine,
    fonts: readFontsDir(input('fonts-dir'), workspace, report),
    pageSize: readPageSize(input('page-size'), report),
    installLibreOffice:
      input('install-libreoffice') === ''
        ? true
        : (readBoolean('install-libreoffice', input('install-libreoffice'), report) ?? true),
  };
}

/** `A4` or `Letter`, in any case; empty means A4. */
function readPageSize(raw: string, report: Report): PageSize {
  const wanted = raw.trim().toLowerCase();
  if (wanted === '') return 'A4';
  const size = PAGE_SIZES.find((candidate) => candidate.toLowerCase() === wanted);
  if (size === undefined)
    report(`Input "page-size" is ${quote(raw)}: expected one of ${PAGE_SIZES.join(', ')}.`);
  return size ?? 'A4';
}

function readFontsDir(raw: string, workspace: string, report: Report): FontsSettings | undefined {
  if (raw === '') return undefined;
  const directory = path.resolve(workspace, raw);
  const stats = fs.statSync(directory, { throwIfNoEntry: false });
  if (
    !isBelow(workspace, directory) ||
    (stats && !isBelow(fs.realpathSync(workspace), fs.realpathSync(directory)))
  ) {
    report(`Input "fonts-dir" is ${quote(raw)}: expected a folder inside the workspace (${workspace}).`);
    return undefined;
  }
  if (!stats?.isDirectory()) {
    report(`Input "fonts-dir" is ${quote(raw)}: no such folder in the workspace.`);
    return undefined;
  }
  const files = fontFilesIn(directory);
  if (files.length === 0) {
    report(`Input "fonts-dir" is ${quote(raw)}: the folder holds no .ttf, .otf or .ttc font.`);
    return undefined;
  }
  if (files.length > MAX_FONT_FILES) {
    report(
      `Input "fonts-dir" is ${quote(raw)}: it holds ${files.length} fonts, more than ${MAX_FONT_FILES}; point it at the fonts your documents use.`,
    );
    return undefined;
  }
  return { directory, files };
}

/** Regular font files below `directory` (symbolic links are not followed), relative, sorted. */
function fontFilesIn(directory: string): string[] {
  const found: string[] = [];
  const walk = (folder: string, depth: number): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && depth < MAX_FONT_DEPTH) walk(full, depth + 1);
      else if (entry.isFile() && FONT_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        found.push(path.relative(directory, full).split(path.sep).join('/'));
      }
      if (found.length > MAX_FONT_FILES) return;
    }
  };
  walk(directory, 0);
  return found.sort();
}

function isBelow(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
