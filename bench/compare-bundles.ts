/**
 * Two builds of the action side by side in one run: `node bench/compare-bundles.ts --before <dist/index.js> --after
 * <dist/index.js>`. Each round runs both (in alternating order, so a change in the machine's load falls on both)
 * converting the same documents against the emulator, then a dry run of one file (start-up). Prints medians and the
 * after ÷ before ratios. For checking that a change meant to keep behaviour (a refactor, a dependency update) costs
 * nothing; an older build is taken from git with `git archive <commit> dist | tar -x -C <folder>`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from '../test/emulator/server.ts';
import { type BundleRun, runBundle, writeTree } from './scale.ts';

const { values: args } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string', default: path.join(import.meta.dirname, '../dist/index.js') },
    documents: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
  },
});
if (args.before === undefined) throw new Error('--before <path of the older build’s index.js> is required');
const builds = { before: path.resolve(args.before), after: path.resolve(args.after) };
const DOCUMENTS = Number(args.documents);
const ROUNDS = Number(args.rounds);
const CLIENT = { clientId: 'compare-client', clientSecret: 'compare-secret' };
const CONCURRENCY = 64;

type Build = keyof typeof builds;

async function convert(build: Build, workspace: string, apiBaseUrl: string): Promise<BundleRun> {
  const inputs = {
    path: 'docs',
    format: 'pdf',
    concurrency: String(CONCURRENCY),
    'poll-interval': '50ms',
    'client-id': CLIENT.clientId,
    'client-secret': CLIENT.clientSecret,
    'api-base-url': apiBaseUrl,
    publish: 'none',
    cache: 'false',
  };
  const run = await runBundle(workspace, inputs, DOCUMENTS, false, builds[build]);
  if (run.converted !== DOCUMENTS) throw new Error(`${build}: converted ${run.converted} of ${DOCUMENTS}`);
  return run;
}

async function dryRunOfOne(build: Build): Promise<BundleRun> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'compare-dry-'));
  try {
    await writeFile(path.join(workspace, 'one.docx'), 'one');
    const inputs = { path: 'one.docx', format: 'pdf', 'dry-run': 'true', publish: 'none', cache: 'false' };
    return await runBundle(workspace, inputs, 1, false, builds[build]);
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const emulator = await startEmulator({ ...CLIENT, capacity: CONCURRENCY, conversion: { fixedMs: 1 } });
const workspace = await mkdtemp(path.join(os.tmpdir(), 'compare-ws-'));
const runs: Record<Build, { convert: BundleRun[]; start: BundleRun[] }> = {
  before: { convert: [], start: [] },
  after: { convert: [], start: [] },
};
try {
  await writeTree(workspace, DOCUMENTS);
  for (let round = 0; round < ROUNDS; round++) {
    const order: Build[] = round % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
    for (const build of order) {
      runs[build].convert.push(await convert(build, workspace, emulator.url));
      runs[build].start.push(await dryRunOfOne(build));
      console.error(`round ${round + 1}/${ROUNDS}: ${build} done`);
    }
  }
} finally {
  await emulator.close();
  await rm(workspace, { recursive: true, force: true });
}

const rows: [string, (r: { convert: BundleRun[]; start: BundleRun[] }) => number, string][] = [
  [`wall, ${DOCUMENTS} documents`, (r) => median(r.convert.map((x) => x.wallMs)) / 1000, 's'],
  [`CPU, ${DOCUMENTS} documents`, (r) => median(r.convert.map((x) => x.cpuMs)) / 1000, 's'],
  [`peak RSS, ${DOCUMENTS} documents`, (r) => median(r.convert.map((x) => x.peakRssMb)), 'MB'],
  ['wall, dry run of one file (start-up)', (r) => median(r.start.map((x) => x.wallMs)), 'ms'],
  ['peak RSS, dry run of one file', (r) => median(r.start.map((x) => x.peakRssMb)), 'MB'],
];
console.log(`Medians of ${ROUNDS} rounds, load average ${os.loadavg()[0]?.toFixed(1)} at the end.`);
console.log(`before: ${builds.before}\nafter: ${builds.after}\n`);
console.log('| measure | before | after | after ÷ before |\n|---|---|---|---|');
for (const [label, of, unit] of rows) {
  const before = of(runs.before);
  const after = of(runs.after);
  console.log(
    `| ${label} | ${before.toFixed(unit === 's' ? 2 : 0)} ${unit} | ${after.toFixed(unit === 's' ? 2 : 0)} ${unit} | ${(after / before).toFixed(2)}× |`,
  );
}
