/**
 * The full text and cell changes of a pull request, as one Markdown file beside the report in output-dir: every
 * changed page's word diff and every changed cell the previews found, where the comment shows what fits. It goes
 * into the artifact with the report. Written page by page through a new file of our own naming (never through
 * whatever the repository put at that path), renamed into place when complete.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Shard } from '../settings/sharding.ts';
import { changeLine } from './markdown.ts';
import { cellTable, documentText, FILE_DETAIL, pageTextItem } from './text-markdown.ts';
import type { PreviewReport } from './types.ts';

/** Characters of one page's diff in the file: far more than any real page, and still a bound. */
const MAX_PAGE_CHARS = 200_000;
const MAX_TABLE_CHARS = 5_000_000;

export function changesFileName(shard: Shard | undefined): string {
  return shard === undefined
    ? 'document-changes.md'
    : `document-changes-shard-${shard.index}-of-${shard.count}.md`;
}

/** Whether the report holds any text or cell change worth a file. */
export function hasTextChanges(report: PreviewReport): boolean {
  return report.documents.some((document) => document.texts.length > 0 || document.cells !== undefined);
}

/** Writes the file into `directory` and returns its path. */
export async function writeChangesFile(
  report: PreviewReport,
  directory: string,
  shard: Shard | undefined,
): Promise<string> {
  await mkdir(directory, { recursive: true });
  const target = path.join(directory, changesFileName(shard));
  // `wx`: a fresh file; a link the repository placed here is neither followed nor written through.
  const partial = path.join(directory, `.document-changes-${randomBytes(6).toString('hex')}.partial`);
  const handle = await open(partial, 'wx');
  try {
    await handle.write(
      '# What changed in the documents\n\nDeleted words are ~~struck through~~, inserted ones **bold**.\n',
    );
    for (const document of report.documents) {
      if (document.texts.length === 0 && document.cells === undefined && document.cellsError === undefined)
        continue;
      await handle.write(`\n## ${documentText(document.path, 1000)}\n\n${changeLine(document)}\n\n`);
      for (const [index, change] of document.changes.entries()) {
        await handle.write(`${pageTextItem(change, document.texts[index], MAX_PAGE_CHARS, FILE_DETAIL)}\n`);
      }
      if (document.cells)
        await handle.write(`\n${cellTable(document.cells, MAX_TABLE_CHARS, FILE_DETAIL)}\n`);
      if (document.cellsError)
        await handle.write(`\nCells not compared: ${documentText(document.cellsError, 1000)}\n`);
    }
  } catch (error) {
    await handle.close();
    await rm(partial, { force: true });
    throw error;
  }
  await handle.close();
  await rename(partial, target);
  return target;
}
