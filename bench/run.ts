/**
 * `npm run bench`: the action against the emulator, side by side with the seed tutorial's sequential way and the
 * ideal lower bound, plus peak memory on a 1 GiB document and the bundle's start-up time. Writes bench/results.md.
 * `npm run bench -- --quick` runs a smaller set (for trying changes; not for the committed results).
 */
import { spawn } from 'node:child_process';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  type ActionRun,
  bundle,
  repoRoot,
  runAction,
  runnerInputs,
  tempWorkspace,
} from '../test/e2e/run-action.ts';
import { type EmulatorStats, startEmulator } from '../test/emulator/server.ts';
import { convertSequentially } from './baseline-sequential.ts';
import { browserBenchmark } from './browser.ts';
import { measureCache } from './cache.ts';
import { measureCallsPerDocument } from './calls.ts';
import { libreOfficeBenchmark } from './libreoffice.ts';
import { benchmarkPreviews } from './previews.ts';
import { measureScale } from './scale.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'skip-baseline': { type: 'boolean', default: false },
  },
});
const DOCUMENTS = args.quick ? 24 : 100;
const CAPACITY = 8;
const CLIENT = { clientId: 'bench-client', clientSecret: 'bench-secret' };
const KIB = 1024;

interface Measured {
  label: string;
  wallMs: number;
  idealMs: number;
  stats: EmulatorStats;
  documents: number;
  note?: string;
}

/** Documents from 20 KiB to 300 KiB, shuffled so size does not follow name order. */
async function writeDocuments(workspace: string, count: number): Promise<string[]> {
  const files: string[] = [];
  await mkdir(path.join(workspace, 'docs'), { recursive: true });
  for (let i = 0; i < count; i++) {
    const size = Math.round((20 + (((i * 37) % count) / count) * 280) * KIB);
    const file = path.join(workspace, 'docs', `doc-${String(i).padStart(3, '0')}.docx`);
    await writeFile(file, Buffer.alloc(size, i % 251));
    files.push(file);
  }
  return files;
}

function idealOf(stats: EmulatorStats): number {
  const work = stats.operations.map((o) => o.workMs);
  return Math.max(work.reduce((a, b) => a + b, 0) / CAPACITY, Math.max(...work));
}

async function measureAction(
  label: string,
  conversion: { fixedMs: number; perKbMs: number; jitterMs: number },
): Promise<Measured> {
  const emulator = await startEmulator({ ...CLIENT, capacity: CAPACITY, conversion, seed: 11 });
  try {
    const workspace = await tempWorkspace();
    await writeDocuments(workspace, DOCUMENTS);
    const run = await runAction({
      workspace,
      inputs: {
        path: 'docs',
        format: 'pdf',
        concurrency: String(CAPACITY),
        'client-id': CLIENT.clientId,
        'client-secret': CLIENT.clientSecret,
        'api-base-url': emulator.url,
        publish: 'none',
      },
    });
    assertSucceeded(run, DOCUMENTS);
    const stats = emulator.stats();
    await rm(workspace, { recursive: true, force: true });
    return { label, wallMs: run.elapsedMs, idealMs: idealOf(stats), stats, documents: DOCUMENTS };
  } finally {
    await emulator.close();
  }
}

async function measureBaseline(conversion: {
  fixedMs: number;
  perKbMs: number;
  jitterMs: number;
}): Promise<Measured> {
  const emulator = await startEmulator({ ...CLIENT, capacity: CAPACITY, conversion, seed: 11 });
  try {
    const workspace = await tempWorkspace();
    const files = await writeDocuments(workspace, DOCUMENTS);
    const started = performance.now();
    await convertSequentially({
      baseUrl: emulator.url,
      ...CLIENT,
      files,
      format: 'pdf',
      outputDir: path.join(workspace, 'out'),
    });
    const wallMs = performance.now() - started;
    const stats = emulator.stats();
    await rm(workspace, { recursive: true, force: true });
    return {
      label: 'seed tutorial: one at a time, poll every 1 s',
      wallMs,
      idealMs: idealOf(stats),
      stats,
      documents: DOCUMENTS,
    };
  } finally {
    await emulator.close();
  }
}

function assertSucceeded(run: ActionRun, expected: number): void {
  if (run.exitCode !== 0 || run.outputs.converted !== String(expected)) {
    throw new Error(`the action did not convert everything:\n${run.stdout.slice(-3000)}\n${run.stderr}`);
  }
}

/** Peak RSS of the action converting one 1 GiB document, uploaded and downloaded (the emulator echoes the input). */
async function measureLargeDocument(): Promise<{ peakRssMb: number; wallMs: number }> {
  const emulator = await startEmulator({ ...CLIENT, largeOutputs: true, conversion: { fixedMs: 10 } });
  const workspace = await tempWorkspace();
  try {
    await mkdir(path.join(workspace, 'big'));
    const handle = await open(path.join(workspace, 'big', 'huge.docx'), 'w');
    const chunk = Buffer.alloc(8 * 1024 * 1024, 7);
    for (let i = 0; i < 128; i++) await handle.write(chunk);
    await handle.close();
    const env = await runnerInputs({
      path: 'big',
      format: 'pdf',
      'client-id': CLIENT.clientId,
      'client-secret': CLIENT.clientSecret,
      'api-base-url': emulator.url,
      publish: 'none',
    });
    const started = performance.now();
    const { code, output } = await spawnNode(
      ['--import', path.join(repoRoot, 'bench/report-rss.ts'), bundle],
      {
        ...env,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: path.join(workspace, 'gh-output'),
        GITHUB_STEP_SUMMARY: path.join(workspace, 'gh-summary'),
      },
    );
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`1 GiB run failed (exit ${code}):\n${output}`);
    const kb = Number(/PEAK_RSS_KB (\d+)/.exec(output)?.[1]);
    return { peakRssMb: kb / 1024, wallMs };
  } finally {
    await emulator.close();
    await rm(workspace, { recursive: true, force: true });
  }
}

/** Median wall time of `node dist/index.js` planning one file in a dry run. */
async function measureStartup(): Promise<number> {
  const workspace = await tempWorkspace();
  await writeFile(path.join(workspace, 'one.docx'), 'x');
  const env = await runnerInputs({ path: 'one.docx', format: 'pdf', 'dry-run': 'true' });
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    const { code } = await spawnNode([bundle], {
      ...env,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: path.join(workspace, 'gh-output'),
      GITHUB_STEP_SUMMARY: path.join(workspace, 'gh-summary'),
    });
    if (code !== 0) throw new Error('dry run failed');
    times.push(performance.now() - started);
  }
  await rm(workspace, { recursive: true, force: true });
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

/** Runs node with a runner's command files in place; its output is kept only to explain a failure. */
async function spawnNode(
  argv: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  for (const file of [env.GITHUB_OUTPUT, env.GITHUB_STEP_SUMMARY]) if (file) await writeFile(file, '');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: string) => {
      output = (output + chunk).slice(-5000);
    };
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const KINDS = [
  'token',
  'upload',
  'start',
  'status',
  'download',
  'directStart',
  'directResult',
  'deleteFile',
  'deleteFolder',
  'formats',
] as const;

function row(m: Measured): string {
  const perDoc = (kind: (typeof KINDS)[number]) => (m.stats.requests[kind] / m.documents).toFixed(2);
  return [
    m.label,
    `${(m.wallMs / 1000).toFixed(1)} s`,
    `${(m.idealMs / 1000).toFixed(1)} s`,
    `${(m.wallMs / m.idealMs).toFixed(2)}×`,
    ...KINDS.map(perDoc),
    String(m.stats.peakConversions),
  ].join(' | ');
}

function verdict(ok: boolean, text: string): string {
  return `${ok ? '✅ met' : '❌ missed'}: ${text}`;
}

async function main(): Promise<void> {
  const sized = { fixedMs: 1000, perKbMs: 10, jitterMs: 1000 };
  const random = { fixedMs: 1000, perKbMs: 0, jitterMs: 4000 };
  console.log(`benchmark: ${DOCUMENTS} documents, server capacity ${CAPACITY}`);
  const rows: Measured[] = [];
  if (!args['skip-baseline']) {
    console.log('baseline (sequential)…');
    rows.push(await measureBaseline(sized));
  }
  console.log('action, conversion time grows with size…');
  const action = await measureAction('this action, concurrency 8 (time ∝ size + jitter)', sized);
  rows.push(action);
  console.log('action, conversion time random…');
  const actionRandom = await measureAction('this action, concurrency 8 (time random 1–5 s)', random);
  rows.push(actionRandom);
  const callsSection = await measureCallsPerDocument({
    documents: DOCUMENTS,
    capacity: CAPACITY,
    timings: [
      { label: 'time ∝ size', timing: sized },
      { label: 'time random', timing: random },
    ],
    writeDocuments,
    idealOf,
  });
  console.log('1 GiB document…');
  const large = await measureLargeDocument();
  console.log('start-up…');
  const startupMs = await measureStartup();
  const scale = await measureScale(args.quick);

  const statusPerDoc = (m: Measured) => m.stats.requests.status / m.documents;
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\`${args.quick ? ' --quick (NOT the full run)' : ''} on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}).`,
    `All against the project's emulator on 127.0.0.1: ${DOCUMENTS} documents of 20–300 KiB, server capacity ${CAPACITY} conversions at once.`,
    'Conversion time "∝ size + jitter" = 1000 ms + 10 ms/KiB + uniform[0, 1000) ms (1.2–5 s);',
    '"random 1–5 s" = 1000 ms + uniform[0, 4000) ms, independent of size (nothing for the action to learn).',
    'Ideal = total server work ÷ capacity, or the longest single conversion if larger, from that run’s own draws.',
    '',
    `| run | wall | ideal | wall ÷ ideal | ${KINDS.map((k) => `${k}/doc`).join(' | ')} | peak conversions |`,
    `|---|---|---|---|${KINDS.map(() => '---').join('|')}|---|`,
    ...rows.map((m) => `| ${row(m)} |`),
    '',
    '## Targets',
    '',
    `- ${verdict(action.wallMs <= 1.15 * action.idealMs, `wall ≤ 1.15× ideal (time ∝ size): ${(action.wallMs / action.idealMs).toFixed(2)}×`)}`,
    `- ${verdict(actionRandom.wallMs <= 1.15 * actionRandom.idealMs, `wall ≤ 1.15× ideal (time random): ${(actionRandom.wallMs / actionRandom.idealMs).toFixed(2)}×`)}`,
    `- ${verdict(statusPerDoc(action) <= 3, `≤ 3 status calls per document (time ∝ size): ${statusPerDoc(action).toFixed(2)}`)}`,
    `- ${verdict(statusPerDoc(actionRandom) <= 3, `≤ 3 status calls per document (time random): ${statusPerDoc(actionRandom).toFixed(2)}`)}`,
    `- ${verdict(large.peakRssMb < 150, `peak RSS under 150 MB converting one 1 GiB document (uploaded and downloaded, streamed): ${large.peakRssMb.toFixed(0)} MB, ${(large.wallMs / 1000).toFixed(1)} s`)}`,
    `- start-up: \`node dist/index.js\` dry run of one file, median of 7: ${startupMs.toFixed(0)} ms`,
    '',
    ...callsSection,
    '## Reading the numbers',
    '',
    'The status checks are timed by what the run has learned: duration ≈ a + b·size, fitted on the conversions',
    'already finished. Every check is a billed call, so the first one lands half a spread after the expected finish,',
    'when the conversion is more likely finished than not, then one per spread: about 1.8–1.9 checks per document',
    'where checks from half a spread before the expected finish took 2.7–3.1. When conversion time follows size (the',
    '"∝ size" rows), the spread is small and that costs little wall time. When it is random (1–5 s whatever the size),',
    'nothing per document can be predicted: the spread is ~1.2 s, so noticing a finish takes ~0.8 s on average, which',
    'is most of the gap to the ideal there: the price of about one status call per document less. The rest of the gap',
    'is the first wave (nothing learned yet: plain backoff from `poll-interval`) and the tail (the last conversions',
    'finish unevenly across the 8 slots). The rows above the targets take the direct flow (no options given): its',
    'start carries the document (directStart) and its result is fetched by operation id (directResult).',
    '',
    ...scale,
  ];
  lines.push(...(await benchmarkPreviews()));
  lines.push(...(await measureCache(args.quick ? 50 : 500)));
  lines.push(...(await libreOfficeBenchmark()));
  lines.push(...(await browserBenchmark()));
  const text = lines.join('\n');
  console.log(text);
  await writeFile(path.join(repoRoot, 'bench/results.md'), text);
}

await main();
