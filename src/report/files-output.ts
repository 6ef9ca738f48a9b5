/**
 * The `files` output within a size GitHub keeps (at most 1 MB of outputs per job, shared with every other step):
 * the whole list while it fits FILES_OUTPUT_BUDGET_BYTES, else failures first and as many of the rest as fit.
 * The `report` output names the file with every entry.
 */

import { fitRows, utf8Bytes } from '../common/budget.ts';
import type { FileEntry } from './file-entries.ts';

export const FILES_OUTPUT_BUDGET_BYTES = 256 * 1024;

export function filesOutput(entries: readonly FileEntry[]): { json: string; omitted: number } {
  const fitted = fitRows(
    entries,
    (entry) => JSON.stringify(entry),
    (entry) => entry.status === 'failed' || entry.status === 'timed-out',
    { limit: FILES_OUTPUT_BUDGET_BYTES - 2, measure: utf8Bytes },
  );
  return { json: `[${fitted.rows.join(',')}]`, omitted: fitted.omitted };
}
