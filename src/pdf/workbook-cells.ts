/**
 * A workbook's cells (`.xlsx`, `.ods`, `.csv`) as plain data: per sheet, each non-empty cell's shown value and
 * formula. Read with SheetJS inside the document sandbox only: the file is untrusted, and the sandbox bounds the
 * time and memory a crafted file can take (and keeps whatever it does to objects in its own isolate).
 */
import { open, stat } from 'node:fs/promises';

export interface WorkbookLimits {
  /** Larger files are not read. */
  maxBytes: number;
  /** Sheets read, from the first. */
  maxSheets: number;
  /** Rows read per sheet, from the first. */
  maxRows: number;
  /** Cells kept per sheet. */
  maxCellsPerSheet: number;
  /** Characters kept of a value or a formula. */
  maxTextChars: number;
}

export interface CellContent {
  /** The value as text (a number as SheetJS writes it, a date as its serial or text). */
  value: string;
  /** The formula without its `=`, when the cell has one. */
  formula?: string;
}

export interface SheetCells {
  name: string;
  /** `A1` → content, in reading order. */
  cells: [string, CellContent][];
  /** More rows or cells than the limits: only the first were read. */
  truncated: boolean;
}

export interface WorkbookRead {
  sheets: SheetCells[];
  /** Sheets beyond `maxSheets`, not read. */
  omittedSheets: number;
}

/** Reads the workbook at `file`; its extension says how (`csv` is read as text, every value kept as written). */
export async function readWorkbookCells(file: string, limits: WorkbookLimits): Promise<WorkbookRead> {
  const { size } = await stat(file);
  if (size > limits.maxBytes) {
    throw new WorkbookReadError(
      `the workbook is ${size} bytes, more than the ${limits.maxBytes} that are read`,
    );
  }
  const bytes = Buffer.alloc(size);
  const handle = await open(file, 'r');
  try {
    await handle.read(bytes, 0, size, 0);
  } finally {
    await handle.close();
  }
  const XLSX = await import('xlsx');
  const csv = file.toLowerCase().endsWith('.csv');
  let book: import('xlsx').WorkBook;
  try {
    book = csv
      ? XLSX.read(bytes.toString('utf8'), { type: 'string', raw: true, sheetRows: limits.maxRows })
      : XLSX.read(bytes, {
          type: 'buffer',
          cellFormula: true,
          cellHTML: false,
          cellStyles: false,
          sheetRows: limits.maxRows,
        });
  } catch (error) {
    throw new WorkbookReadError(
      `the workbook could not be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const names = book.SheetNames.slice(0, limits.maxSheets);
  const sheets = names.map((name) => sheetCells(XLSX, name, book.Sheets[name], limits));
  return { sheets, omittedSheets: Math.max(0, book.SheetNames.length - names.length) };
}

function sheetCells(
  XLSX: typeof import('xlsx'),
  name: string,
  sheet: import('xlsx').WorkSheet | undefined,
  limits: WorkbookLimits,
): SheetCells {
  const found: { r: number; c: number; content: CellContent }[] = [];
  let truncated = false;
  if (sheet === undefined) return { name, cells: [], truncated };
  for (const key of Object.keys(sheet)) {
    if (key.startsWith('!')) continue;
    const content = contentOf(sheet[key] as import('xlsx').CellObject, limits.maxTextChars);
    if (content === undefined) continue;
    if (found.length >= limits.maxCellsPerSheet) {
      truncated = true;
      break;
    }
    const { r, c } = XLSX.utils.decode_cell(key);
    found.push({ r, c, content });
  }
  found.sort((a, b) => a.r - b.r || a.c - b.c);
  const ref = sheet['!ref'];
  if (ref !== undefined && (sheet['!fullref'] ?? ref) !== ref) truncated = true;
  const cells = found.map(({ r, c, content }): [string, CellContent] => [
    XLSX.utils.encode_cell({ r, c }),
    content,
  ]);
  return { name, cells, truncated };
}

function contentOf(cell: import('xlsx').CellObject, maxChars: number): CellContent | undefined {
  const formula = typeof cell.f === 'string' && cell.f !== '' ? cell.f.slice(0, maxChars) : undefined;
  const value =
    cell.v === undefined || cell.v === null
      ? ''
      : String(cell.v instanceof Date ? cell.v.toISOString() : cell.v);
  if (value === '' && formula === undefined) return undefined;
  return formula === undefined
    ? { value: value.slice(0, maxChars) }
    : { value: value.slice(0, maxChars), formula };
}

export class WorkbookReadError extends Error {
  override name = 'WorkbookReadError';
}
