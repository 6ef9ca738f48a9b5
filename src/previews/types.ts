/** What the previews stage hands to the comment and the job summary: typed data, no Markdown. */
import type { WorkbookDiff } from './cell-diff.ts';
import type { PageChange } from './page-diff.ts';
import type { PageText } from './render.ts';

export interface PreviewImageLinks {
  change: PageChange;
  before?: string;
  after?: string;
  diff?: string;
}

export interface DocumentPreview {
  /** Path in the repository. */
  path: string;
  state: 'modified' | 'added' | 'removed' | 'failed';
  changes: PageChange[];
  /** What each change did to the page's text, in the order of `changes`. */
  texts: PageText[];
  /** A workbook's changed cells (xlsx, ods, csv). */
  cells?: WorkbookDiff;
  /** Why a workbook's cells could not be compared. */
  cellsError?: string;
  /** URLs of the images of the first changed pages; empty when they could not be hosted. */
  images: PreviewImageLinks[];
  basePages?: number;
  headPages?: number;
  /** More pages than the page cap: only the first ones were compared. */
  truncated: boolean;
  error?: string;
}

export interface PreviewReport {
  documents: DocumentPreview[];
  /** Changed documents left out by the per-run cap. */
  omittedDocuments: number;
  /** Why the comment has no images (the page changes are still listed). */
  imagesWarning?: string;
  /** Why there are no images when that is expected (previews: auto without the permission to store them). */
  imagesNote?: string;
  maxPages: number;
  /** The file with every text and cell change (in output-dir, attached to the artifact), when there are any. */
  changesFile?: string;
}
