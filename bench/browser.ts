/**
 * The browser engine on this machine (only when a Chrome or Chromium is installed): 60 Markdown documents of 1–3
 * pages to PDF through the bundle (engine local) with 1, 2 and 4 pages in parallel — documents per minute, peak RSS of
 * the browser's process tree, the browser's start-up — side by side, in the same run, with one
 * `chromium --headless --print-to-pdf` process per file (given the same rendered HTML, two at a time).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findBrowser } from '../src/convert/engines/browser/find-browser.ts';
import { renderMarkdownPage } from '../src/convert/engines/browser/markdown/index.ts';
import { bundle, parseCommandFile, runnerInputs } from '../test/e2e/run-action.ts';
import { peakTreeRssWhile } from './process-tree.ts';

/** `--documents=N`, `--pages=1,2` and `--no-baseline` shorten a run for a quick before/after comparison. */
const argument = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const DOCUMENTS = Number(argument('documents') ?? 60);
const PARALLEL_PAGES = (argument('pages') ?? '1,2,4').split(',').map(Number);
const WITH_BASELINE = !process.argv.includes('--no-baseline');
const BASELINE_PARALLEL = 2;

interface Throughput {
  pages: number;
  wallMs: number;
  peakTreeRssMb: number;
  peakBrowserRssMb: number;
  browserStartMs: number;
}

/** Markdown lines for bench/results.md; a line saying why when no browser is installed. */
export async function browserBenchmark(): Promise<string[]> {
  const browser = findBrowser(process.env.CHROME_PATH ?? '', process.env.PATH ?? '');
  const lines = ['## Browser engine: Markdown to PDF (real conversions on this machine)', ''];
  if (browser === undefined) return [...lines, 'Skipped: no Chrome or Chromium is installed.', ''];

  const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-browser-'));
  const loadAtStart = os.loadavg()[0] ?? 0;
  try {
    await writeMarkdown(workspace);
    const rows: Throughput[] = [];
    for (const pages of PARALLEL_PAGES) rows.push(await throughput(workspace, pages));
    const baselineMs = WITH_BASELINE ? await onePerFile(browser, workspace) : Number.NaN;
    const baselineRate = perMinute(baselineMs);
    const best = rows.reduce((a, b) => (perMinute(b.wallMs) > perMinute(a.wallMs) ? b : a));
    return [
      ...lines,
      `${DOCUMENTS} Markdown documents of 1–3 A4 pages (headings, paragraphs, a list, a table, highlighted code) to PDF, ${os.cpus().length} cores, ${browser}, load average ${loadAtStart.toFixed(1)} at the start and ${(os.loadavg()[0] ?? 0).toFixed(1)} at the end:`,
      '',
      '| how | wall | documents / minute | vs one process per file | peak RSS: browser tree (whole run) | browser start-up |',
      '|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| bundle, engine local, ${r.pages} page(s) in parallel | ${seconds(r.wallMs)} | ${perMinute(r.wallMs).toFixed(0)} | ${(perMinute(r.wallMs) / baselineRate).toFixed(1)}× | ${r.peakBrowserRssMb.toFixed(0)} MB (${r.peakTreeRssMb.toFixed(0)} MB) | ${seconds(r.browserStartMs)} |`,
      ),
      `| one \`--print-to-pdf\` process per file, ${BASELINE_PARALLEL} at a time (HTML rendered beforehand, not timed) | ${seconds(baselineMs)} | ${baselineRate.toFixed(0)} | 1.0× | – | every file |`,
      '',
      `- Best: ${best.pages} page(s) in parallel, ${perMinute(best.wallMs).toFixed(0)} documents per minute, ${(perMinute(best.wallMs) / baselineRate).toFixed(1)}× one process per file (targets: 5× and 300 per minute). The bundle's time includes its own start, the Markdown rendering, the browser's start and writing the report.`,
      '',
    ];
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

/** Document i has 1–3 pages' worth of text, by i. */
async function writeMarkdown(workspace: string): Promise<void> {
  await mkdir(path.join(workspace, 'docs'), { recursive: true });
  const paragraph =
    'The quick brown fox jumps over the lazy dog while the committee reviews the quarterly figures, and every reader of this handbook finds the section they need. ';
  for (let i = 0; i < DOCUMENTS; i++) {
    const sections = 1 + (i % 3);
    const body: string[] = [`# Document ${i}`, ''];
    for (let s = 0; s < sections; s++) {
      body.push(`## Section ${s + 1}`, '', paragraph.repeat(6), '', paragraph.repeat(5), '');
      body.push('- first point\n- second point with **bold** text\n- third point', '');
      body.push('| key | value |\n|---|---|\n| alpha | 1 |\n| beta | 2 |', '');
      body.push('```js\nconst total = items.reduce((sum, item) => sum + item.price, 0);\n```', '');
      body.push(paragraph.repeat(6), '');
    }
    await writeFile(path.join(workspace, 'docs', `doc-${String(i).padStart(2, '0')}.md`), body.join('\n'));
  }
}

async function throughput(workspace: string, pages: number): Promise<Throughput> {
  const runner = await mkdtemp(path.join(os.tmpdir(), 'bench-browser-runner-'));
  try {
    const outputFile = path.join(runner, 'output');
    const summaryFile = path.join(runner, 'summary.md');
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    const inputs = await runnerInputs({
      path: 'docs',
      format: 'pdf',
      engine: 'local',
      concurrency: String(pages),
      'output-dir': `converted-${pages}`,
      publish: 'none',
      cache: 'false',
    });
    const started = performance.now();
    const child = spawn(process.execPath, [bundle], {
      cwd: workspace,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? workspace,
        ...inputs,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: runner,
      },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const peak = await peakTreeRssWhile(() => child.pid, closed);
    const code = await closed;
    const wallMs = performance.now() - started;
    const converted = Number(parseCommandFile(await readFile(outputFile, 'utf8')).converted);
    if (code !== 0 || converted !== DOCUMENTS) {
      throw new Error(
        `the browser run with ${pages} pages failed: exit ${code}, ${converted} converted\n${stdout.slice(-2000)}`,
      );
    }
    const startS = Number(/Started .* in ([\d.]+) s/.exec(stdout)?.[1] ?? Number.NaN);
    return {
      pages,
      wallMs,
      peakTreeRssMb: peak.totalKb / 1024,
      peakBrowserRssMb: peak.withoutRootKb / 1024,
      browserStartMs: startS * 1000,
    };
  } finally {
    await rm(runner, { recursive: true, force: true });
  }
}

/** The same documents, rendered to HTML first (untimed), each printed by its own `--print-to-pdf` process. */
async function onePerFile(browser: string, workspace: string): Promise<number> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'bench-browser-baseline-'));
  try {
    const files = (await readdir(path.join(workspace, 'docs'))).sort();
    const pages: string[] = [];
    for (const file of files) {
      const sourcePath = path.join(workspace, 'docs', file);
      const page = await renderMarkdownPage({ sourcePath, workspace, title: file });
      const html = path.join(folder, `${file}.html`);
      await writeFile(html, page.html);
      pages.push(html);
    }
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < pages.length) {
        const html = pages[next++] as string;
        await printOne(browser, html, `${html}.pdf`, path.join(folder, `profile-${next}`));
      }
    };
    await Promise.all(Array.from({ length: BASELINE_PARALLEL }, worker));
    return performance.now() - started;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function printOne(browser: string, html: string, pdf: string, profile: string): Promise<void> {
  const args = [
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--headless',
    '--disable-gpu',
    '--no-first-run',
    `--user-data-dir=${profile}`,
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdf}`,
    pathToFileURL(html).href,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(browser, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${browser} --print-to-pdf ended with ${code}`)),
    );
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function perMinute(wallMs: number): number {
  return (DOCUMENTS / wallMs) * 60_000;
}

if (import.meta.main) console.log((await browserBenchmark()).join('\n'));
