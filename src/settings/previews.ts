/** The page-preview inputs: whether to make previews, how many pages, how wide, and where the images live. */

import { type InputReader, parseBoolean, quote, type Report, readWholeNumber } from './input-readers.ts';
import { branchNameProblem } from './publishing.ts';

/** `auto`: on pull_request events only. */
export type PreviewsMode = 'auto' | 'on' | 'off';

export interface PreviewSettings {
  mode: PreviewsMode;
  /** Pages compared per document, from the first. */
  maxPages: number;
  /** Width of the page images in pixels. */
  widthPx: number;
  /** Each pull request's images live on the branch `<prefix>pr-<number>`. */
  branchPrefix: string;
}

const MAX_PAGES = 300;
const MIN_WIDTH_PX = 200;
const MAX_WIDTH_PX = 2000;

export function readPreviews(
  input: InputReader,
  formats: readonly string[],
  report: Report,
): PreviewSettings {
  const raw = input('previews');
  let mode: PreviewsMode = 'off';
  if (raw.toLowerCase() === 'auto') mode = 'auto';
  else {
    const value = parseBoolean(raw);
    if (value === undefined) report(`Input "previews" is ${quote(raw)}: expected auto, true or false.`);
    else mode = value ? 'on' : 'off';
  }
  if (mode === 'on' && !formats.includes('pdf')) {
    report(
      `Input "previews" is ${quote(raw)} but "format" has no pdf: page previews are rendered from the PDF ` +
        'output, so add pdf to format (an extra conversion per document is never made on its own).',
    );
  }
  const maxPages = readWholeNumber('preview-pages', input('preview-pages'), 1, MAX_PAGES, report);
  const widthPx = readWholeNumber(
    'preview-width',
    input('preview-width'),
    MIN_WIDTH_PX,
    MAX_WIDTH_PX,
    report,
  );
  const branchPrefix = input('previews-branch-prefix');
  const problem = branchNameProblem(`${branchPrefix}pr-1`);
  if (branchPrefix === '' || problem !== undefined) {
    report(
      `Input "previews-branch-prefix" is ${quote(branchPrefix)}: ` +
        `${problem === undefined ? 'it is empty' : `"${branchPrefix}pr-1" is not a valid git branch name (${problem})`}; ` +
        'give a prefix like document-previews/.',
    );
  }
  return { mode, maxPages, widthPx, branchPrefix };
}
