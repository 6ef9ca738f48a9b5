import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodePng, type PageImage } from '../../src/pdf/pages.ts';
import { DocumentSandbox } from '../../src/pdf/sandbox.ts';
import { alignPages, comparePixels, describeChanges, fingerprintOf } from '../../src/previews/page-diff.ts';
import { comparePdfPages } from '../../src/previews/render.ts';
import { pdfDocument, textPages } from '../emulator/outputs.ts';

const WORDS =
  'alpha beta gamma delta epsilon zeta theta kappa lambda omicron sigma omega review contract clause'.split(
    ' ',
  );

/** Line `line` of page `page`: words picked by a small deterministic generator, so every page reads differently. */
function lineOf(page: number, line: number): string {
  let seed = page * 7919 + line * 104729;
  const words: string[] = [];
  for (let i = 0; i < 4 + ((page + line) % 9); i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    words.push(WORDS[seed % WORDS.length] as string);
  }
  return words.join(' ');
}

/** A source of `pages` pages of 30 lines each, pages separated by form feeds. */
function source(pages: number, edit: (page: number, lines: string[]) => string[] = (_, l) => l): string {
  return Array.from({ length: pages }, (_, p) =>
    edit(
      p + 1,
      Array.from({ length: 30 }, (_, l) => lineOf(p + 1, l + 1)),
    ).join('\n'),
  ).join('\f');
}

describe('page changes between two versions of a document', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'page-diff-'));
  });
  const sandbox = new DocumentSandbox();
  after(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  let n = 0;
  async function compare(baseText: string | undefined, headText: string | undefined, maxPages = 50) {
    const work = path.join(dir, String(n++));
    await mkdir(work);
    const write = async (name: string, text: string | undefined) => {
      if (text === undefined) return undefined;
      const file = path.join(work, `${name}.pdf`);
      await writeFile(file, pdfDocument([`source: ${name}`, `sha256: ${name}`], textPages(text)));
      return file;
    };
    const out = await mkdtemp(path.join(work, 'out-'));
    const result = await comparePdfPages(await write('base', baseText), await write('head', headText), out, {
      sandbox,
      widthPx: 300,
      maxPages,
      maxPagesWithImages: 10,
    });
    return { ...result, out };
  }

  it('a line changed on page 3 of 6: exactly page 3 is reported changed, with before, after and difference', async () => {
    const changed = source(6, (page, lines) =>
      page === 3 ? lines.map((l, i) => (i === 12 ? 'A NEW LINE' : l)) : lines,
    );
    const result = await compare(source(6), changed);
    assert.deepEqual(result.changes, [{ kind: 'changed', base: 3, head: 3 }]);
    assert.equal(describeChanges(result.changes), 'page 3 changed');
    const images = result.images[0];
    assert.ok(images?.before && images.after && images.diff);
    assert.deepEqual((await readdir(result.out)).sort(), ['base-3.png', 'diff-3.png', 'head-3.png']);
  });

  it('a line changed on page 1, which also carries the invisible source lines, is seen', async () => {
    const changed = source(2, (page, lines) => (page === 1 ? ['A NEW TITLE', ...lines.slice(1)] : lines));
    const result = await compare(source(2), changed);
    assert.deepEqual(result.changes, [{ kind: 'changed', base: 1, head: 1 }]);
  });

  it('a page inserted after page 2: only the insertion, not every later page', async () => {
    const base = source(6);
    const pages = base.split('\f');
    pages.splice(2, 0, Array.from({ length: 25 }, (_, i) => `Inserted page, line ${i}`).join('\n'));
    const result = await compare(base, pages.join('\f'));
    assert.deepEqual(result.changes, [{ kind: 'added', head: 3 }]);
    assert.equal(describeChanges(result.changes), 'page 3 added');
  });

  it('pages changed, added and removed together read as one line', async () => {
    const pages = source(10).split('\f');
    const head = [...pages];
    head[2] = `${head[2]}\nextra line on page 3`;
    head.splice(8, 1); // base page 9 removed
    head.splice(4, 0, 'brand new page'); // becomes head page 5
    head[7] = `${head[7]}\nextra line`; // head page 8 = base page 7
    const result = await compare(pages.join('\f'), head.join('\f'));
    assert.equal(describeChanges(result.changes), 'pages 3 and 8 changed, page 5 added, page 9 removed');
  });

  it('identical versions: no change and no image kept', async () => {
    const result = await compare(source(3), source(3));
    assert.deepEqual(result.changes, []);
    assert.deepEqual(await readdir(result.out), []);
  });

  it('a new document: its pages as added, images for the first few only', async () => {
    const result = await compare(undefined, source(12));
    assert.equal(result.changes.length, 12);
    assert.equal(result.images.length, 10);
    assert.equal(result.basePages, undefined);
  });

  it('the page cap bounds the comparison and an insertion near the cap is not mistaken for a removal', async () => {
    const base = source(8);
    const pages = base.split('\f');
    pages.splice(1, 0, 'inserted');
    const result = await compare(base, pages.join('\f'), 5);
    assert.deepEqual(result.changes, [{ kind: 'added', head: 2 }]);
    assert.equal(result.truncated, true);
  });
});

describe('pixel comparison', () => {
  const blank = (width: number, height: number): PageImage => ({
    pageNumber: 1,
    width,
    height,
    rgba: new Uint8Array(width * height * 4).fill(255),
  });

  it('counts real differences, highlights them, and compares pages of different sizes', () => {
    const a = blank(20, 20);
    const b = blank(20, 20);
    for (let y = 5; y < 10; y++)
      for (let x = 5; x < 10; x++) b.rgba.fill(0, (y * 20 + x) * 4, (y * 20 + x) * 4 + 3);
    const { changedPixels, diff } = comparePixels(a, b);
    assert.equal(changedPixels, 25);
    const at = (7 * 20 + 7) * 4;
    assert.deepEqual([...diff.rgba.subarray(at, at + 3)], [255, 0, 0]);
    assert.equal(comparePixels(a, blank(20, 24)).diff.height, 24);
  });

  it('aligns identical sequences one to one', () => {
    const fp = (seed: number) => {
      const image = blank(16, 16);
      image.rgba.fill(seed, 0, seed * 4);
      return fingerprintOf(image);
    };
    const pages = [fp(10), fp(200), fp(400)];
    assert.deepEqual(alignPages(pages, pages), [
      { base: 1, head: 1 },
      { base: 2, head: 2 },
      { base: 3, head: 3 },
    ]);
  });

  it('decodes what it encodes (sanity of the PNG round trip used between render and compare)', () => {
    assert.throws(() => decodePng(Buffer.from('not a png')));
  });
});
