/**
 * A workbook's cell changes: both versions read in the document sandbox (bounded in size, sheets, rows and cells,
 * and stopped with the document's time limit), then diffed (cell-diff.ts).
 */
import path from 'node:path';
import type { DocumentSandbox } from '../pdf/sandbox.ts';
import type { WorkbookLimits } from '../pdf/workbook-cells.ts';
import { diffWorkbooks, type WorkbookDiff } from './cell-diff.ts';

const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.ods', '.csv']);

export const WORKBOOK_LIMITS: WorkbookLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxSheets: 50,
  maxRows: 10_000,
  maxCellsPerSheet: 200_000,
  maxTextChars: 2_000,
};

export function isWorkbook(repoPath: string): boolean {
  return WORKBOOK_EXTENSIONS.has(path.posix.extname(repoPath).toLowerCase());
}

export async function compareWorkbooks(
  sandbox: DocumentSandbox,
  baseFile: string,
  headFile: string,
  signal?: AbortSignal,
  limits: WorkbookLimits = WORKBOOK_LIMITS,
): Promise<WorkbookDiff> {
  const base = await sandbox.readWorkbook(baseFile, limits, signal);
  const head = await sandbox.readWorkbook(headFile, limits, signal);
  return diffWorkbooks(base, head);
}
