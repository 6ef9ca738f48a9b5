/**
 * The LibreOffice engine on this machine (only when soffice is installed): documents per minute through the bundle
 * with 1, 2 and 4 workers, what a worker's first conversion costs (a fresh LibreOffice profile) over a later one,
 * and the peak memory of the whole process tree (the action and every soffice it runs).
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ProfilePool } from '../src/convert/engines/libreoffice/profiles.ts';
import { findSoffice } from '../src/convert/engines/libreoffice/soffice.ts';
import { runSoffice } from './libreoffice-per-document.ts';
import { bundle, parseCommandFile, repoRoot, runnerInputs } from '../test/e2e/run-action.ts';

const FIXTURES = path.join(repoRoot, 'test/fixtures/documents');
const KINDS = ['letter.docx', 'notes.odt', 'budget.xlsx', 'slides.pptx'];
const COPIES = 4;
const SAMPLE_MS = 100;

interface Throughput {
  workers: number;
  documents: number;
  wallMs: number;
  peakTreeRssMb: number;
}

/** Markdown lines for bench/results.md; a line saying why when soffice is missing. */
export async function libreOfficeBenchmark(): Promise<string[]> {
  const soffice = findSoffice(process.env.PATH ?? '');
  const lines = ['## LibreOffice engine (real conversions on this machine)', ''];
  if (soffice === undefined) return [...lines, 'Skipped: soffice is not installed.', ''];

  const cold = await coldStart(soffice);
  const rows: Throughput[] = [];
  for (const workers of [1, 2, 4]) rows.push(await throughput(workers));
  const base = rows[0] as Throughput;
  const most = rows.at(-1) as Throughput;
  return [
    ...lines,
    `${KINDS.length * COPIES} small documents (${KINDS.join(', ')}, ${COPIES} copies each) to PDF through \`dist/index.js\`, engine libreoffice, ${os.cpus().length} cores:`,
    '',
    '| workers | wall | documents / minute | vs 1 worker | peak RSS of the process tree |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.workers} | ${(r.wallMs / 1000).toFixed(1)} s | ${perMinute(r).toFixed(1)} | ${(perMinute(r) / perMinute(base)).toFixed(2)}× | ${r.peakTreeRssMb.toFixed(0)} MB |`,
    ),
    '',
    `- cold start per worker: one small document on a fresh profile took ${seconds(cold.freshMs)}, the same again on that profile ${seconds(cold.warmMs)} (median of 3): a new profile adds ${seconds(cold.freshMs - cold.warmMs)}; the rest is the start of a soffice process, which every conversion pays.`,
    `- ${most.workers} workers on ${os.cpus().length} cores: ${(perMinute(most) / perMinute(base)).toFixed(2)}× the documents per minute of 1 worker, at ~${(most.peakTreeRssMb / most.workers).toFixed(0)} MB per worker.`,
    '',
  ];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function perMinute(r: Throughput): number {
  return (r.documents / r.wallMs) * 60_000;
}

async function coldStart(soffice: string): Promise<{ freshMs: number; warmMs: number }> {
  const fresh: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'bench-lo-'));
    try {
      const pool = new ProfilePool(path.join(folder, 'profiles'));
      const profile = await pool.acquire();
      const once = async () => {
        const out = await mkdtemp(path.join(folder, 'out-'));
        const started = performance.now();
        await runSoffice({
          soffice,
          profileDirectory: profile,
          source: path.join(FIXTURES, 'notes.odt'),
          outputDirectory: out,
          convertTo: 'pdf:writer_pdf_Export',
          importFilter: undefined,
          env: {},
          signal: AbortSignal.timeout(120_000),
          timeLimitMs: 120_000,
        });
        return performance.now() - started;
      };
      fresh.push(await once());
      warm.push(await once());
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  return { freshMs: median(fresh), warmMs: median(warm) };
}

async function throughput(workers: number): Promise<Throughput> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-lo-ws-'));
  try {
    await mkdir(path.join(workspace, 'docs'));
    for (let copy = 0; copy < COPIES; copy++) {
      for (const kind of KINDS) {
        await copyFile(path.join(FIXTURES, kind), path.join(workspace, 'docs', `${copy}-${kind}`));
      }
    }
    const outputFile = path.join(workspace, 'output');
    const summaryFile = path.join(workspace, 'summary.md');
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    const inputs = await runnerInputs({
      path: 'docs',
      format: 'pdf',
      engine: 'libreoffice',
      concurrency: String(workers),
      publish: 'none',
    });
    const started = performance.now();
    const child = spawn(process.execPath, [bundle], {
      cwd: workspace,
      stdio: 'ignore',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? workspace,
        ...inputs,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: workspace,
      },
    });
    let peakKb = 0;
    const sampler = setInterval(async () => {
      peakKb = Math.max(peakKb, await treeRssKb(child.pid as number));
    }, SAMPLE_MS);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(sampler);
    const wallMs = performance.now() - started;
    const converted = Number(parseCommandFile(await readFile(outputFile, 'utf8')).converted);
    if (code !== 0 || converted !== KINDS.length * COPIES) {
      throw new Error(
        `the LibreOffice run with ${workers} workers failed: exit ${code}, ${converted} converted`,
      );
    }
    return { workers, documents: converted, wallMs, peakTreeRssMb: peakKb / 1024 };
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

/** Resident memory of a process and all its descendants, from /proc (0 where it cannot be read). */
async function treeRssKb(pid: number): Promise<number> {
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop() as number;
    try {
      const status = await readFile(`/proc/${current}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const task of await readdir(`/proc/${current}/task`)) {
        const children = await readFile(`/proc/${current}/task/${task}/children`, 'utf8').catch(() => '');
        pending.push(...children.split(/\s+/).filter(Boolean).map(Number));
      }
    } catch {
      // The process ended between two reads.
    }
  }
  return total;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

if (import.meta.main) console.log((await libreOfficeBenchmark()).join('\n'));
