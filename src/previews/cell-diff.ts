/**
 * What a pull request changed in a workbook's cells: sheets matched by name, cells by address; a cell changed
 * when its value or its formula differs. A sheet only on one side is one added or removed sheet, not a row per
 * cell. Pure data over what the sandbox read (workbook-cells.ts); bounded by MAX_CELL_CHANGES.
 */
import type { CellContent, WorkbookRead } from '../pdf/workbook-cells.ts';

/** Cell changes kept per workbook; the rest are counted. */
export const MAX_CELL_CHANGES = 10_000;

export interface CellChange {
  sheet: string;
  /** `B2` */
  address: string;
  before?: CellContent;
  after?: CellContent;
}

export interface SheetChange {
  sheet: string;
  kind: 'added' | 'removed';
  /** Non-empty cells of the sheet (as read). */
  cells: number;
}

export interface WorkbookDiff {
  sheets: SheetChange[];
  cells: CellChange[];
  /** Cell changes past MAX_CELL_CHANGES, counted only. */
  omittedCells: number;
  /** A side had more sheets, rows or cells than were read: changes past them are not listed. */
  truncated: boolean;
}

export function diffWorkbooks(base: WorkbookRead, head: WorkbookRead): WorkbookDiff {
  const diff: WorkbookDiff = {
    sheets: [],
    cells: [],
    omittedCells: 0,
    truncated: base.omittedSheets > 0 || head.omittedSheets > 0,
  };
  const baseSheets = new Map(base.sheets.map((sheet) => [sheet.name, sheet]));
  const headNames = new Set(head.sheets.map((sheet) => sheet.name));
  for (const sheet of base.sheets) {
    if (!headNames.has(sheet.name))
      diff.sheets.push({ sheet: sheet.name, kind: 'removed', cells: sheet.cells.length });
  }
  const add = (change: CellChange) => {
    if (diff.cells.length < MAX_CELL_CHANGES) diff.cells.push(change);
    else diff.omittedCells++;
  };
  for (const sheet of head.sheets) {
    const before = baseSheets.get(sheet.name);
    if (before === undefined) {
      diff.sheets.push({ sheet: sheet.name, kind: 'added', cells: sheet.cells.length });
      continue;
    }
    if (before.truncated || sheet.truncated) diff.truncated = true;
    const old = new Map(before.cells);
    for (const [address, content] of sheet.cells) {
      const was = old.get(address);
      old.delete(address);
      if (was === undefined) add({ sheet: sheet.name, address, after: content });
      else if (was.value !== content.value || was.formula !== content.formula)
        add({ sheet: sheet.name, address, before: was, after: content });
    }
    for (const [address, content] of old) add({ sheet: sheet.name, address, before: content });
  }
  diff.cells.sort(
    (a, b) => sheetOrder(head, base, a.sheet) - sheetOrder(head, base, b.sheet) || byAddress(a, b),
  );
  return diff;
}

function sheetOrder(head: WorkbookRead, base: WorkbookRead, name: string): number {
  const at = head.sheets.findIndex((sheet) => sheet.name === name);
  return at === -1 ? head.sheets.length + base.sheets.findIndex((sheet) => sheet.name === name) : at;
}

/** Row first, then column: `B2` before `A10`. */
function byAddress(a: CellChange, b: CellChange): number {
  const [ar, ac] = rowAndColumn(a.address);
  const [br, bc] = rowAndColumn(b.address);
  return ar - br || ac - bc;
}

function rowAndColumn(address: string): [number, number] {
  const match = /^([A-Z]+)(\d+)$/.exec(address);
  if (!match) return [0, 0];
  let column = 0;
  for (const char of match[1] as string) column = column * 26 + (char.charCodeAt(0) - 64);
  return [Number(match[2]), column];
}

/** How a sheet is named in a cell reference: quoted when it is not a plain word (`'Q3 totals'!B2`). */
export function cellReference(sheet: string, address: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet);
  return `${plain ? sheet : `'${sheet.replace(/'/g, "''")}'`}!${address}`;
}
