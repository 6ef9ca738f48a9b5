/**
 * Page previews: pages rendered per second and peak memory for a 100-page PDF, the comparison time per page
 * (alignment + pixel comparison of two 100-page versions, in the document sandbox), and beside it what the text
 * diff costs per page (PDFium's text of both versions, then the line-and-word diff) and the sandbox's start.
 * Measured in a child process of its own so its peak RSS is the renderer's, not the benchmark's.
 * `node bench/previews.ts` alone prints the lines.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPdf } from '../src/pdf/pages.ts';
import { DocumentSandbox } from '../src/pdf/sandbox.ts';
import { comparePdfPages, MAX_PAGE_TEXT_CHARS } from '../src/previews/render.ts';
import { diffPageWords } from '../src/previews/text-diff.ts';
import { pdfDocument, textPages } from '../test/emulator/outputs.ts';

const PAGES = 100;
const WIDTH_PX = 800;

interface Measurement {
  renderMs: number;
  compareMs: number;
  /** A new sandbox until its first PDF is open (worker thread, PDFium's start). */
  sandboxStartMs: number;
  /** Text of every page of both versions, read alone (no image). */
  textMs: number;
  /** The word diff of every page pair. */
  diffMs: number;
  changedFound: number;
  peakRssMb: number;
}

function text(edit: (page: number) => string | undefined): string {
  return Array.from({ length: PAGES }, (_, p) =>
    Array.from(
      { length: 40 },
      (_, l) =>
        (l === 7 ? edit(p + 1) : undefined) ??
        `Page ${p + 1}, clause ${l + 1}: ${'terms apply '.repeat(((p * 3 + l) % 7) + 2)}`,
    ).join('\n'),
  ).join('\f');
}

async function measureInThisProcess(): Promise<Measurement> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-previews-'));
  try {
    const base = path.join(dir, 'base.pdf');
    const head = path.join(dir, 'head.pdf');
    await writeFile(base, pdfDocument(['source: base'], textPages(text(() => undefined))));
    // Every tenth page changed: 10 changed pages to find among 100.
    await writeFile(
      head,
      pdfDocument(['source: head'], textPages(text((p) => (p % 10 === 0 ? 'CHANGED' : undefined)))),
    );

    const pdf = await openPdf(base);
    const started = performance.now();
    for (let page = 1; page <= pdf.pageCount; page++) await pdf.renderPage(page, WIDTH_PX);
    const renderMs = performance.now() - started;
    pdf.close();

    const sandbox = new DocumentSandbox();
    const sandboxStarted = performance.now();
    await (await sandbox.openPdf(base)).close();
    const sandboxStartMs = performance.now() - sandboxStarted;
    const compareStarted = performance.now();
    const compared = await comparePdfPages(base, head, dir, {
      sandbox,
      widthPx: WIDTH_PX,
      maxPages: PAGES,
      maxPagesWithImages: 10,
    });
    const compareMs = performance.now() - compareStarted;

    const textStarted = performance.now();
    const texts: string[][] = [];
    for (const file of [base, head]) {
      const pdf = await sandbox.openPdf(file);
      const pages: string[] = [];
      for (let page = 1; page <= pdf.pageCount; page++) {
        pages.push((await pdf.readPage(page, { maxTextChars: MAX_PAGE_TEXT_CHARS })).text ?? '');
      }
      await pdf.close();
      texts.push(pages);
    }
    const textMs = performance.now() - textStarted;
    const diffStarted = performance.now();
    for (let page = 0; page < PAGES; page++) diffPageWords(texts[0]?.[page] ?? '', texts[1]?.[page] ?? '');
    const diffMs = performance.now() - diffStarted;
    await sandbox.close();
    return {
      renderMs,
      compareMs,
      sandboxStartMs,
      textMs,
      diffMs,
      changedFound: compared.changes.length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the measurement in a child process and returns the Markdown lines for bench/results.md. */
export async function benchmarkPreviews(): Promise<string[]> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the previews benchmark failed (exit ${code})`);
  const m = JSON.parse(output) as Measurement;
  const perSecond = PAGES / (m.renderMs / 1000);
  const textPerPage = m.textMs / PAGES;
  const diffPerPage = m.diffMs / PAGES;
  // In the stage, text is read with the second rendering of each changed page (one load of the page) and diffed.
  const changedShare = (m.changedFound * (textPerPage + diffPerPage)) / m.compareMs;
  const allShare = (PAGES * (textPerPage + diffPerPage)) / m.compareMs;
  return [
    '## Page previews',
    '',
    `A ${PAGES}-page PDF (text pages from the emulator) rendered at ${WIDTH_PX} px wide with PDFium (WebAssembly), in a process of its own:`,
    '',
    '| measure | value |',
    '|---|---|',
    `| pages rendered per second | ${perSecond.toFixed(1)} (${(m.renderMs / PAGES).toFixed(1)} ms per page) |`,
    `| peak RSS of the process (render, then compare) | ${m.peakRssMb.toFixed(0)} MB |`,
    `| comparison of two ${PAGES}-page versions (render and fingerprint both, align, compare differing pairs, PNGs of changed pages, text diff of changed pages) | ${(m.compareMs / 1000).toFixed(1)} s, ${(m.compareMs / PAGES).toFixed(1)} ms per page; ${m.changedFound} of 10 changed pages found |`,
    `| the document sandbox's start (worker thread, PDFium, first PDF open) | ${m.sandboxStartMs.toFixed(0)} ms |`,
    `| text of a page pair (PDFium's text layer of both versions, read alone) | ${textPerPage.toFixed(2)} ms per page |`,
    `| word diff of a page pair (lines, then words of replaced lines) | ${diffPerPage.toFixed(2)} ms per page |`,
    `| what the text diff adds to the comparison: the ${m.changedFound} changed pages / had all ${PAGES} changed | ${(changedShare * 100).toFixed(1)} % / ${(allShare * 100).toFixed(1)} % (target: under 20 %) |`,
    '',
  ];
}

if (process.argv.includes('--child')) {
  process.stdout.write(JSON.stringify(await measureInThisProcess()));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log((await benchmarkPreviews()).join('\n'));
}
