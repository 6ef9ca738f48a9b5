/**
 * The LibreOffice engine on this machine (only when soffice is installed), side by side in one run:
 * - the engine through the bundle (one long-lived LibreOffice per worker) at 1, 2 and 4 workers: documents per
 *   minute, peak RSS of the whole process tree, and the time its LibreOffice processes took to start (the job
 *   summary's engine line);
 * - the engine handing documents over with a soffice process each (its way without python3-uno), at 2 workers;
 * - the engine's way before issue 18, one `soffice --convert-to` process per document, at 2 workers: as it was,
 *   and on a profile made as the engine now makes it;
 * - one `soffice --convert-to` over all the files (LibreOffice's own batch: the floor for one process), on a fresh
 *   profile as a person would run it, and on a profile made like the engine's.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProfilePool } from '../src/convert/engines/libreoffice/profiles.ts';
import { findSoffice } from '../src/convert/engines/libreoffice/soffice.ts';
import { bundle, parseCommandFile, repoRoot, runnerInputs } from '../test/e2e/run-action.ts';
import { runSoffice } from './libreoffice-per-document.ts';
import { peakTreeRssWhile } from './process-tree.ts';

const FIXTURES = path.join(repoRoot, 'test/fixtures/documents');
const KINDS = ['letter.docx', 'notes.odt', 'budget.xlsx', 'slides.pptx'];
const COPIES = Number(process.env.BENCH_LO_COPIES ?? 15);
const DOCUMENTS = KINDS.length * COPIES;

interface Row {
  way: string;
  workers: number | undefined;
  documents: number;
  wallMs: number;
  peakTreeRssMb: number;
  /** Time the way's processes spent starting, when it is known. */
  startup: string;
}

/** Markdown lines for bench/results.md; a line saying why when soffice is missing. */
export async function libreOfficeBenchmark(): Promise<string[]> {
  const soffice = findSoffice(process.env.PATH ?? '');
  const lines = ['## LibreOffice engine (real conversions on this machine)', ''];
  if (soffice === undefined) return [...lines, 'Skipped: soffice is not installed.', ''];

  const rows: Row[] = [];
  const measured = (row: Row) => {
    rows.push(row);
    // Progress on stderr: on a loaded machine the whole section takes a while.
    console.error(JSON.stringify(row));
  };
  // The engine at 2 workers and the batch are the target's pair: each is run twice, in the order A B … B A, so a
  // load that rises or falls during the run weighs on both alike; their rows' mean is compared.
  measured(await throughBundle(2));
  measured(await oneBatch(soffice));
  for (const workers of [1, 4]) measured(await throughBundle(workers));
  measured(await throughBundle(2, 'soffice'));
  measured(await oneBatch(soffice, true));
  // The way before issue 18 at 2 workers: the target compares the two there.
  measured(await onePerDocument(soffice, 2, true));
  measured(await onePerDocument(soffice, 2, false));
  measured(await oneBatch(soffice));
  measured(await throughBundle(2));
  const meanOf = (way: string, workers: number | undefined): Row => {
    const same = rows.filter((r) => r.way === way && r.workers === workers);
    const mean = (of: (r: Row) => number) => same.reduce((sum, r) => sum + of(r), 0) / same.length;
    return {
      ...(same[0] as Row),
      wallMs: mean((r) => r.wallMs),
      peakTreeRssMb: mean((r) => r.peakTreeRssMb),
    };
  };
  const engine2 = meanOf('engine', 2);
  const before2 = meanOf('one process per document', 2);
  const batch = meanOf('one soffice over all files', undefined);
  const seededBatch = meanOf('one soffice over all files, on a profile made like the engine’s', undefined);
  const handOff2 = meanOf('engine, each document handed over by a soffice process', 2);
  const ratio = (a: Row, b: Row) => (perMinute(a) / perMinute(b)).toFixed(2);
  return [
    ...lines,
    `${DOCUMENTS} small documents (${KINDS.join(', ')}, ${COPIES} copies each) to PDF, ${os.cpus().length} cores, load average at the start ${os.loadavg()[0]?.toFixed(1)} (the machine is shared: compare rows of this run, not runs):`,
    '',
    '| way | workers | wall | documents / minute | vs one process per document at 2 workers | peak RSS of the process tree | time starting LibreOffice |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.way} | ${r.workers ?? '—'} | ${(r.wallMs / 1000).toFixed(1)} s | ${perMinute(r).toFixed(1)} | ${(perMinute(r) / perMinute(before2)).toFixed(2)}× | ${r.peakTreeRssMb.toFixed(0)} MB | ${r.startup} |`,
    ),
    '',
    `- At 2 workers the engine (mean of its two rows) converts ${ratio(engine2, before2)}× the documents per minute of one process per document as before issue 18, and ${ratio(engine2, batch)}× those of one soffice over all files (mean of its two rows); its peak RSS is ${(engine2.peakTreeRssMb / before2.peakTreeRssMb).toFixed(2)}× that of one process per document. Against the batch on a profile made like the engine's (the fairer floor: no graphics render tests at its start either) it converts ${ratio(engine2, seededBatch)}×; handing each document over with a soffice process instead of over UNO gives ${ratio(handOff2, engine2)}× the engine's rate.`,
    "- Why one long-lived LibreOffice per worker, handed each document over UNO by the project's Python helper (`uno_bridge.py`, one per LibreOffice): a document then costs a load and a store inside the running LibreOffice, and no process start; LibreOffice's own batch needs every file named when it starts, while the scheduler hands a worker one document at a time, and a hang or crash in a batch means restarting with the rest. Where `python3-uno` is missing, each document is handed over by a `soffice --convert-to` process on the worker's profile (the row above says what that costs).",
    '- Why a profile that says LibreOffice ran this version before (`ooSetupLastVersion`, see `profiles.ts`): otherwise every start on a profile LibreOffice never shut down runs its graphics render tests, which were most of a start (the rows "on a profile made like the engine\'s" against their fresh-profile twins).',
    '- Engine: `bench/libreoffice.ts` runs `.test-dist/bundle/index.js` with engine libreoffice; the before-18 way is `bench/libreoffice-per-document.ts` (its profile reused per worker, as the engine did); the batch is `soffice --convert-to pdf --outdir out <all files>` on one fresh profile.',
    '',
  ];
}

function perMinute(r: Row): number {
  return (r.documents / r.wallMs) * 60_000;
}

async function withDocuments<T>(use: (workspace: string, files: string[]) => Promise<T>): Promise<T> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-lo-ws-'));
  try {
    await mkdir(path.join(workspace, 'docs'));
    const files: string[] = [];
    for (let copy = 0; copy < COPIES; copy++) {
      for (const kind of KINDS) {
        const file = path.join(workspace, 'docs', `${copy}-${kind}`);
        await copyFile(path.join(FIXTURES, kind), file);
        files.push(file);
      }
    }
    return await use(workspace, files);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

/** Peak resident memory (MB) of `pid`'s process tree while `running` lasts. */
async function peakRssWhile(pid: () => number | undefined, running: Promise<unknown>): Promise<number> {
  return (await peakTreeRssWhile(pid, running)).totalKb / 1024;
}

/**
 * The engine through the bundle. `handOff: 'soffice'` puts a soffice that only runs the real one first on PATH:
 * no UNO module is beside it, so the engine hands each document over with a soffice process (its way without
 * python3-uno).
 */
async function throughBundle(workers: number, handOff: 'uno' | 'soffice' = 'uno'): Promise<Row> {
  return withDocuments(async (workspace) => {
    let searchPath = process.env.PATH ?? '';
    if (handOff === 'soffice') {
      const bin = path.join(workspace, 'bin');
      await mkdir(bin);
      const real = findSoffice(searchPath) as string;
      await writeFile(path.join(bin, 'soffice'), `#!/bin/sh\nexec '${real}' "$@"\n`, { mode: 0o755 });
      searchPath = `${bin}${path.delimiter}${searchPath}`;
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
      timeout: '30m',
    });
    const started = performance.now();
    const child = spawn(process.execPath, [bundle], {
      cwd: workspace,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: {
        PATH: searchPath,
        HOME: process.env.HOME ?? workspace,
        ...inputs,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: workspace,
      },
    });
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const peak = await peakRssWhile(() => child.pid, exited);
    const code = await exited;
    const wallMs = performance.now() - started;
    const converted = Number(parseCommandFile(await readFile(outputFile, 'utf8')).converted);
    if (code !== 0 || converted !== DOCUMENTS) {
      throw new Error(`the engine with ${workers} workers failed: exit ${code}, ${converted} converted`);
    }
    const line =
      /LibreOffice: .*$/m.exec((await readFile(summaryFile, 'utf8')).replaceAll('\\', ''))?.[0] ?? '';
    const startup = /(\d+) LibreOffice process(?:es)? started in ([\d.]+ s)/.exec(line);
    if (/over UNO/.test(stdout) !== (handOff === 'uno'))
      throw new Error(`the engine did not hand documents over ${handOff === 'uno' ? 'UNO' : 'with soffice'}`);
    return {
      way: handOff === 'uno' ? 'engine' : 'engine, each document handed over by a soffice process',
      workers,
      documents: converted,
      wallMs,
      peakTreeRssMb: peak,
      startup: startup ? `${startup[2]} over ${startup[1]} starts` : 'not reported',
    };
  });
}

/**
 * Before issue 18: each worker takes the next file and runs one soffice process for it, on its own profile: as it
 * was (`asBefore`, the profile without the setting that skips the graphics render tests, which then run at every
 * start), or on a profile made as the engine now makes it.
 */
async function onePerDocument(soffice: string, workers: number, asBefore: boolean): Promise<Row> {
  return withDocuments(async (workspace, files) => {
    const pool = new ProfilePool(path.join(workspace, 'profiles'));
    const out = path.join(workspace, 'out');
    await mkdir(out);
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      const profile = await pool.acquire();
      if (asBefore) {
        const settings = path.join(profile, 'user', 'registrymodifications.xcu');
        const lines = (await readFile(settings, 'utf8')).split('\n');
        await writeFile(settings, lines.filter((line) => !line.includes('ooSetupLastVersion')).join('\n'));
      }
      while (next < files.length) {
        const source = files[next++] as string;
        await runSoffice({
          soffice,
          profileDirectory: profile,
          source,
          outputDirectory: out,
          convertTo: 'pdf',
          importFilter: undefined,
          env: { PATH: process.env.PATH ?? '', HOME: workspace },
          signal: AbortSignal.timeout(600_000),
          timeLimitMs: 600_000,
        });
      }
    };
    const running = Promise.all(Array.from({ length: workers }, worker));
    const peak = await peakRssWhile(() => process.pid, running);
    const wallMs = performance.now() - started;
    const converted = (await readdir(out)).length;
    if (converted !== DOCUMENTS) throw new Error(`one process per document converted ${converted}`);
    return {
      way: asBefore
        ? 'one process per document'
        : 'one process per document, on a profile made like the engine’s',
      workers,
      documents: converted,
      wallMs,
      // The bench's own node process is in the tree here; it is small next to LibreOffice.
      peakTreeRssMb: peak,
      startup: `every document (${converted} starts)`,
    };
  });
}

/**
 * LibreOffice's own batch, on a fresh profile as a person would run it, or (`seeded`) on a profile made like the
 * engine's (ProfilePool: no first-start graphics render tests), which is the fairer floor.
 */
async function oneBatch(soffice: string, seeded = false): Promise<Row> {
  return withDocuments(async (workspace, files) => {
    const out = path.join(workspace, 'out');
    await mkdir(out);
    const profile = pathToFileURL(
      seeded
        ? await new ProfilePool(path.join(workspace, 'profiles')).acquire()
        : path.join(workspace, 'profile'),
    ).href;
    const started = performance.now();
    const child = spawn(
      soffice,
      [
        `-env:UserInstallation=${profile}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        out,
        ...files,
      ],
      { stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: workspace } },
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const peak = await peakRssWhile(() => child.pid, exited);
    const wallMs = performance.now() - started;
    const converted = (await readdir(out)).length;
    if (converted !== DOCUMENTS) throw new Error(`the batch converted ${converted}`);
    return {
      way: seeded
        ? 'one soffice over all files, on a profile made like the engine’s'
        : 'one soffice over all files',
      workers: undefined,
      documents: converted,
      wallMs,
      peakTreeRssMb: peak,
      startup: 'once',
    };
  });
}

if (import.meta.main) console.log((await libreOfficeBenchmark()).join('\n'));
