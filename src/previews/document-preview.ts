/** One changed document previewed: its pages against the base version's, its text changes, a workbook's cells. */
import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { formatDuration } from '../common/duration.ts';
import { reasonOf } from '../github/http-errors.ts';
import type { DocumentSandbox } from '../pdf/sandbox.ts';
import type { Settings } from '../settings/types.ts';
import type { ChangedFile } from './base-version.ts';
import { compareWorkbooks, isWorkbook } from './cells.ts';
import { comparePdfPages, type PageImages } from './render.ts';
import type { DocumentPreview } from './types.ts';

/** Pages per document that keep images. */
const MAX_PAGES_WITH_IMAGES = 10;

/**
 * A document may take at most this share of the time left when it starts: a document that hangs PDFium then
 * leaves the others time for theirs.
 */
const DOCUMENT_SHARE_OF_TIME_LEFT = 0.5;

/** The run's deadline as the previews see it: a signal that fires then, and how long is left until it does. */
export interface PreviewDeadline {
  signal: AbortSignal;
  timeLeftMs: () => number;
}

/** A changed document the run previews. */
export interface SelectedDocument {
  change: ChangedFile;
  /** This run's PDF of the head version (undefined for a removed document). */
  headPdf: string | undefined;
  /** The head version's source file in the workspace (undefined for a removed document). */
  headSource?: string;
}

/** One changed document: its pages against the base version's (images, text changes), and a workbook's cells. */
export async function previewDocument(
  document: SelectedDocument,
  context: {
    base: { pdf?: string; error?: string } | undefined;
    baseSource: string | undefined;
    directory: string;
    sandbox: DocumentSandbox;
    settings: Settings;
    deadline: PreviewDeadline | undefined;
  },
): Promise<{ preview: DocumentPreview; images: PageImages[] }> {
  const { base, baseSource, sandbox, settings, deadline } = context;
  const preview: DocumentPreview = {
    path: document.change.path,
    state: document.change.status,
    changes: [],
    texts: [],
    images: [],
    truncated: false,
  };
  let images: PageImages[] = [];
  if (document.change.status === 'removed') return { preview, images };
  if (document.change.status === 'modified' && base?.pdf === undefined) {
    preview.state = 'failed';
    preview.error = `the base version could not be converted: ${base?.error ?? 'unknown reason'}`;
    return { preview, images };
  }
  let limit: ReturnType<typeof documentTimeLimit>;
  try {
    // The sandbox's start (again, after a document that ended it) does not count against a document.
    await sandbox.ready(deadline?.signal);
    limit = documentTimeLimit(deadline);
    await mkdir(context.directory, { recursive: true });
    const compared = await comparePdfPages(base?.pdf, document.headPdf, context.directory, {
      sandbox,
      widthPx: settings.previews.widthPx,
      maxPages: settings.previews.maxPages,
      maxPagesWithImages: MAX_PAGES_WITH_IMAGES,
      ...(limit ? { signal: limit.signal } : {}),
    });
    preview.changes = compared.changes;
    preview.texts = compared.texts;
    preview.truncated = compared.truncated;
    if (compared.basePages !== undefined) preview.basePages = compared.basePages;
    if (compared.headPages !== undefined) preview.headPages = compared.headPages;
    images = compared.images;
  } catch (error) {
    preview.state = 'failed';
    preview.error = `its pages could not be compared: ${reasonOf(error)}`;
  } finally {
    limit?.dispose();
  }
  if (document.change.status === 'modified' && baseSource && isWorkbook(document.change.path)) {
    await addCellChanges(preview, sandbox, baseSource, document, settings.workspace, deadline);
  }
  return { preview, images };
}

/**
 * A signal for one document: the run's deadline, or DOCUMENT_SHARE_OF_TIME_LEFT of the time left when it
 * starts, whichever comes first.
 */
function documentTimeLimit(
  deadline: PreviewDeadline | undefined,
): { signal: AbortSignal; dispose: () => void } | undefined {
  if (deadline === undefined) return undefined;
  const limitMs = Math.max(0, Math.floor(deadline.timeLeftMs() * DOCUMENT_SHARE_OF_TIME_LEFT));
  const own = new AbortController();
  const timer = setTimeout(
    () =>
      own.abort(
        new Error(
          `it took longer than ${formatDuration(Math.max(1, Math.round(limitMs / 1000)) * 1000)}, half of the time that was left for previews`,
        ),
      ),
    limitMs,
  );
  timer.unref();
  return { signal: AbortSignal.any([deadline.signal, own.signal]), dispose: () => clearTimeout(timer) };
}

/** Compares a workbook's cells at the base and the head; a failure is noted on the preview, never thrown. */
async function addCellChanges(
  preview: DocumentPreview,
  sandbox: DocumentSandbox,
  baseFile: string,
  document: SelectedDocument,
  workspace: string,
  deadline: PreviewDeadline | undefined,
): Promise<void> {
  let limit: ReturnType<typeof documentTimeLimit>;
  try {
    await sandbox.ready(deadline?.signal);
    limit = documentTimeLimit(deadline);
    if (document.headSource === undefined) throw new Error('the head version was not found');
    // The head file is the repository's: read it only where it resolves inside the workspace.
    const resolved = await realpath(document.headSource);
    const root = await realpath(workspace);
    if (path.relative(root, resolved).startsWith('..') || path.isAbsolute(path.relative(root, resolved))) {
      throw new Error('it resolves outside the workspace');
    }
    preview.cells = await compareWorkbooks(sandbox, baseFile, resolved, limit?.signal);
  } catch (error) {
    preview.cellsError = reasonOf(error);
  } finally {
    limit?.dispose();
  }
}
