import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as XLSX from 'xlsx';
import { DocumentSandbox } from '../../src/pdf/sandbox.ts';
import { compareWorkbooks } from '../../src/previews/cells.ts';
import { COMMENT_DETAIL, cellTable } from '../../src/previews/text-markdown.ts';

type Sheets = Record<string, (string | number | { f: string; v?: number })[][]>;

/** A workbook of these sheets, written by SheetJS in the given format; `{ f }` is a formula. */
function workbook(sheets: Sheets, bookType: 'xlsx' | 'ods' | 'csv'): Buffer {
  const book = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = XLSX.utils.aoa_to_sheet(
      rows.map((row) =>
        row.map((cell) => (typeof cell === 'object' ? { t: 'n', f: cell.f, v: cell.v ?? 0 } : cell)),
      ),
    );
    XLSX.utils.book_append_sheet(book, sheet, name);
  }
  return XLSX.write(book, { type: 'buffer', bookType }) as Buffer;
}

// One changed value (B2), one changed formula with the same result (C3), one sheet removed, one added.
const BASE: Sheets = {
  Budget: [
    ['Item', 'Cost', 'Double'],
    ['Paper', 10],
    ['Ink', 25, { f: 'B3*2', v: 50 }],
  ],
  Old: [['to be removed']],
};
const HEAD: Sheets = {
  Budget: [
    ['Item', 'Cost', 'Double'],
    ['Paper', 12],
    ['Ink', 25, { f: 'B3+B3', v: 50 }],
  ],
  'Q3 plan': [
    ['Goal', 'Owner'],
    ['Ship', 'Ana'],
  ],
};

describe('cell changes of workbooks, read in the sandbox', { timeout: 60_000 }, () => {
  let dir: string;
  const sandbox = new DocumentSandbox();
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cells-'));
  });
  after(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function diffOf(base: Buffer, head: Buffer, extension: string) {
    const baseFile = path.join(dir, `base.${extension}`);
    const headFile = path.join(dir, `head.${extension}`);
    await writeFile(baseFile, base);
    await writeFile(headFile, head);
    return compareWorkbooks(sandbox, baseFile, headFile);
  }

  for (const format of ['xlsx', 'ods'] as const) {
    it(`${format}: one changed value, one changed formula, one added and one removed sheet, and nothing else`, async () => {
      const diff = await diffOf(workbook(BASE, format), workbook(HEAD, format), format);
      assert.deepEqual(diff.sheets, [
        { sheet: 'Old', kind: 'removed', cells: 1 },
        { sheet: 'Q3 plan', kind: 'added', cells: 4 },
      ]);
      assert.deepEqual(
        diff.cells.map((cell) => [cell.sheet, cell.address, cell.before, cell.after]),
        [
          ['Budget', 'B2', { value: '10' }, { value: '12' }],
          ['Budget', 'C3', { value: '50', formula: 'B3*2' }, { value: '50', formula: 'B3+B3' }],
        ],
      );
      assert.equal(
        cellTable(diff, 10_000, COMMENT_DETAIL),
        [
          '| Cell | Before | After |',
          '| --- | --- | --- |',
          '| Old (sheet) | sheet removed, 1 cell | — |',
          '| Q3 plan (sheet) | — | sheet added, 4 cells |',
          '| Budget\\!B2 | 10 | 12 |',
          '| Budget\\!C3 | \\=B3\\*2 → 50 | \\=B3\\+B3 → 50 |',
        ].join('\n'),
      );
    });
  }

  it('csv: the one changed value, kept as written', async () => {
    const base = 'Item,Cost\nPaper,10\nInk,25.50\n';
    const head = 'Item,Cost\nPaper,10\nInk,25.5\n';
    const diff = await diffOf(Buffer.from(base), Buffer.from(head), 'csv');
    assert.deepEqual(diff.sheets, []);
    assert.deepEqual(
      diff.cells.map((cell) => [cell.address, cell.before?.value, cell.after?.value]),
      [['B3', '25.50', '25.5']],
    );
  });

  it('hostile cells stay text in the table: no column break, markup, mention or link', async () => {
    const hostile = '| @everyone </details> <img src=x onerror=alert(1)> [x](https://evil.example) ```';
    const diff = await diffOf(
      workbook({ S: [['safe']] }, 'xlsx'),
      workbook({ S: [[hostile]], [`@admin ${'|'.repeat(5)}`]: [['x']] }, 'xlsx'),
      'xlsx',
    );
    const table = cellTable(diff, 10_000, COMMENT_DETAIL);
    for (const line of table.split('\n')) {
      assert.equal(line.replace(/\\\|/g, '').split('|').length, 5, `three cells in ${line}`);
    }
    assert.ok(!table.includes('@everyone') && !table.includes('@admin'), 'no mention');
    // A character escaped with a backslash shows as itself and starts no markup.
    assert.ok(!/(?<!\\)[<>[\]`]/.test(table), 'no unescaped HTML, link or code character');
    assert.ok(table.includes('\\<\\/details\\> \\<img src\\=x onerror\\=alert\\(1\\)\\>'));
    assert.ok(!table.includes('```'));
  });

  it('a workbook that is not one fails its cell comparison with a reason', async () => {
    await assert.rejects(
      diffOf(Buffer.from('PK\u0003\u0004 not a zip'), workbook(HEAD, 'xlsx'), 'xlsx'),
      /the workbook could not be read/,
    );
  });

  it('the limits bound what is read: a larger workbook is refused, rows past the limit are not compared', async () => {
    const rows = Array.from({ length: 50 }, (_, r) => [`row ${r}`]);
    const changed = rows.map((row, r) => (r === 40 ? ['CHANGED'] : row));
    const limits = {
      maxBytes: 1_000_000,
      maxSheets: 5,
      maxRows: 30,
      maxCellsPerSheet: 1_000,
      maxTextChars: 100,
    };
    const baseFile = path.join(dir, 'rows-base.xlsx');
    const headFile = path.join(dir, 'rows-head.xlsx');
    await writeFile(baseFile, workbook({ S: rows }, 'xlsx'));
    await writeFile(headFile, workbook({ S: changed }, 'xlsx'));
    const diff = await compareWorkbooks(sandbox, baseFile, headFile, undefined, limits);
    assert.deepEqual(diff.cells, [], 'row 41 is past the 30 rows read');
    assert.equal(diff.truncated, true);
    assert.match(
      cellTable(diff, 10_000, COMMENT_DETAIL),
      /Only the first sheets, rows and cells were compared/,
    );
    await assert.rejects(
      compareWorkbooks(sandbox, baseFile, headFile, undefined, { ...limits, maxBytes: 100 }),
      /more than the 100 that are read/,
    );
  });
});
