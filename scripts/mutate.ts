/**
 * `npm run mutate [group …]`: mutation testing (StrykerJS, command test runner) of the code where a silent bug
 * costs users most. Each group mutates only its own code and runs only the unit tests that cover it, so that a
 * run stays short; the groups run one after the other and the script ends with a score per group (also written
 * to reports/mutation/<group>.json). Too slow for CI (about 20 minutes for all groups on 2 cores); the last
 * scores are recorded in CONTRIBUTING.md. Shared settings: stryker.config.json.
 */
import { readFileSync } from 'node:fs';
import { Stryker } from '@stryker-mutator/core';

interface Group {
  name: string;
  /** Files, or `file:from-to` line ranges (see block()). */
  mutate: string[];
  tests: string[];
}

/** The lines of the function or method that starts with `opening` (up to its closing brace at the same indent). */
function block(file: string, opening: string): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.startsWith(opening));
  if (start < 0) throw new Error(`${file} has no line starting with ${JSON.stringify(opening)}`);
  const indent = /^\s*/.exec(opening)?.[0] ?? '';
  const end = lines.findIndex((line, i) => i > start && line === `${indent}}`);
  if (end < 0) throw new Error(`the block at ${file}:${start + 1} has no closing brace`);
  return `${file}:${start + 1}-${end + 1}`;
}

const groupdocs = 'src/convert/engines/groupdocs';
const serviceCalls = `${groupdocs}/service-calls.ts`;
const storage = `${groupdocs}/storage.ts`;
const download = `${groupdocs}/download.ts`;
const engine = `${groupdocs}/engine.ts`;
const unit = (name: string) => `test/${name}.test.ts`;

const groups: Group[] = [
  {
    name: 'result-names',
    mutate: ['src/convert/output-claims.ts', block(engine, '  async collect(')],
    tests: [unit('convert/output-claims'), unit('convert/engines/groupdocs/engine')],
  },
  {
    name: 'retries',
    mutate: [`${groupdocs}/retry.ts`, block(serviceCalls, '  async send<T>(')],
    tests: [unit('convert/engines/groupdocs/retry'), unit('convert/engines/groupdocs/client')],
  },
  {
    name: 'tokens',
    mutate: [`${groupdocs}/token.ts`],
    tests: [unit('convert/engines/groupdocs/token')],
  },
  {
    name: 'downloads',
    mutate: [
      block(storage, '  async downloadFile('),
      block(download, 'export async function downloadTo('),
      block(download, 'export async function saveBody('),
    ],
    tests: [unit('convert/engines/groupdocs/client'), unit('convert/engines/groupdocs/client-local-server')],
  },
  {
    name: 'commit',
    mutate: ['src/publish/commit.ts'],
    tests: [unit('publish/commit')],
  },
  {
    name: 'cleanup',
    mutate: ['src/convert/run-folder.ts', block(engine, '  async cleanup(')],
    tests: [unit('convert/run-folder'), unit('convert/engines/groupdocs/engine')],
  },
];

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !groups.some((g) => g.name === name));
if (unknown.length > 0) {
  console.error(`Unknown group(s) ${unknown.join(', ')}; known: ${groups.map((g) => g.name).join(', ')}`);
  process.exit(2);
}

const rows: string[] = [];
for (const group of groups.filter((g) => asked.length === 0 || asked.includes(g.name))) {
  console.log(`\n=== ${group.name}: ${group.mutate.join(', ')}`);
  const stryker = new Stryker({
    configFile: 'stryker.config.json',
    mutate: group.mutate,
    commandRunner: { command: `node --test ${group.tests.join(' ')}` },
    jsonReporter: { fileName: `reports/mutation/${group.name}.json` },
  });
  const results = await stryker.runMutationTest();
  const count = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status)).length;
  const detected = count('Killed', 'Timeout');
  const undetected = count('Survived', 'NoCoverage');
  const score = detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);
  rows.push(`| ${group.name} | ${results.length} | ${detected} | ${undetected} | ${score.toFixed(1)} % |`);
}
console.log('\n| group | mutants | detected | survived | score |\n| --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
