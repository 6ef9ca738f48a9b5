/**
 * `npm run demo`: starts the local GroupDocs emulator, runs the real bundle (dist/index.js) on examples/ exactly as
 * a GitHub runner would, and leaves the results in ./converted. The outputs are stand-ins that name their source and
 * its SHA-256: the emulator does not really convert documents. No account and no network needed.
 *
 * `npm run demo -- --engine libreoffice` converts the same examples for real with the LibreOffice installed here
 * (no emulator): PDFs and one PNG per page. Markdown is left out: LibreOffice does not read it.
 *
 * `npm run demo -- --engine local` converts all of them for real on this machine: Markdown and HTML with the
 * installed Chrome or Chromium, the rest with LibreOffice.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { findSoffice } from '../src/convert/engines/libreoffice/soffice.ts';
import { requireLocalPrograms } from '../src/convert/engines/local/programs.ts';
import { parseCommandFile, repoRoot, runnerInputs } from '../test/e2e/run-action.ts';

/** The committed bundle, as a runner runs it (the tests build their own from the sources). */
const shippedBundle = path.join(repoRoot, 'dist/index.js');

import { startEmulator } from '../test/emulator/server.ts';

const { values: args } = parseArgs({ options: { engine: { type: 'string', default: 'groupdocs' } } });
const libreOffice = args.engine === 'libreoffice';
const local = args.engine === 'local';
if (libreOffice && findSoffice(process.env.PATH ?? '') === undefined) {
  console.error(
    'LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui',
  );
  process.exit(1);
}
if (local) {
  try {
    requireLocalPrograms('local', new Set(['browser', 'libreoffice']), {
      searchPath: process.env.PATH ?? '',
      chromePath: process.env.CHROME_PATH ?? '',
    });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
const emulator =
  libreOffice || local
    ? undefined
    : await startEmulator({ conversion: { fixedMs: 300, jitterMs: 700 }, capacity: 4 });
const runner = await mkdtemp(path.join(os.tmpdir(), 'demo-runner-'));
const outputFile = path.join(runner, 'output');
const summaryFile = path.join(runner, 'summary.md');
await writeFile(outputFile, '');
await writeFile(summaryFile, '');

console.log(
  emulator
    ? `Emulator on ${emulator.url}; running dist/index.js on examples/ …\n`
    : local
      ? 'Running dist/index.js with engine local on examples/ (Markdown and HTML by the browser, the rest by LibreOffice) …\n'
      : 'Running dist/index.js with engine libreoffice on examples/ (Markdown left out) …\n',
);
const inputs = await runnerInputs({
  path: libreOffice ? 'examples\n!examples/**/*.md' : 'examples\n!examples/README.md',
  format: 'pdf, png',
  'base-dir': 'examples',
  'output-dir': 'converted',
  ...(emulator
    ? {
        'client-id': 'emulator-client-id',
        'client-secret': 'emulator-client-secret',
        'api-base-url': emulator.url,
        concurrency: '4',
        'poll-interval': '250ms',
      }
    : { engine: local ? 'local' : 'libreoffice', concurrency: '2' }),
  publish: 'none',
  'pr-comment': 'false',
});
const exitCode = await new Promise<number | null>((resolve) => {
  const child = spawn(process.execPath, [shippedBundle], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      ...inputs,
      GITHUB_WORKSPACE: repoRoot,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_REPOSITORY: 'demo/local',
      GITHUB_RUN_ID: '1',
      RUNNER_TEMP: runner,
    },
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const shown = asTheRunnerShows(line);
    if (shown !== undefined) console.log(shown);
  });
  child.on('close', resolve);
});

/** Workflow commands as the runner's log shows them: groups as headings, debug and masks hidden, escapes undone. */
function asTheRunnerShows(line: string): string | undefined {
  const command = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(line);
  if (!command) return line;
  const [, name, properties = '', message = ''] = command;
  const text = message.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
  const file = /file=([^,]*)/.exec(properties)?.[1];
  switch (name) {
    case 'group':
      return `\n▶ ${text}`;
    case 'error':
    case 'warning':
    case 'notice':
      return `${name.toUpperCase()}${file ? ` (${file.replace(/%2C/g, ',').replace(/%25/g, '%')})` : ''}: ${text}`;
    default:
      return undefined;
  }
}

const outputs = parseCommandFile(await readFile(outputFile, 'utf8'));
const files = JSON.parse(outputs.files ?? '[]') as { source: string; status: string; outputs: string[] }[];
console.log(
  emulator
    ? '\nResults (stand-ins made by the emulator; with a real account they are the converted documents):'
    : local
      ? '\nResults (real conversions by the browser and LibreOffice):'
      : '\nResults (real conversions by LibreOffice):',
);
for (const f of files) console.log(`  ${f.status.padEnd(9)} ${f.source} → ${f.outputs.join(', ')}`);
console.log(`\nconverted=${outputs.converted} failed=${outputs.failed} timed-out=${outputs['timed-out']}`);
console.log(
  `Outputs are in ${outputs['output-dir']}; the job summary the runner would show is in ${summaryFile}.`,
);
await emulator?.close();
if (exitCode !== 0) await rm(runner, { recursive: true, force: true });
process.exitCode = exitCode ?? 1;
