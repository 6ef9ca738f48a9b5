/**
 * Everything GitHub limits in size stays within its limit with 20,000 results, shows failures first once it cannot
 * show everything, and the report file holds every result.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JobResult } from '../../src/convert/results.ts';
import type { Plan } from '../../src/plan/types.ts';
import type { PublishOutcome } from '../../src/publish/outcome.ts';
import { renderCommentBody } from '../../src/publish/pr-comment.ts';
import { filesOutput } from '../../src/report/files-output.ts';
import { type FileEntry, fileEntries, setActionOutputs } from '../../src/report/index.ts';
import { renderJobSummary, renderPlanSummary } from '../../src/report/job-summary.ts';
import { writeReportFile } from '../../src/report/report-file.ts';
import {
  makeEnvironment,
  makeSettings,
  makeWorkspace,
  result,
  unescapeMarkdown,
  type Workspace,
} from '../publish/helpers.ts';

const MIB = 1024 * 1024;
const COUNT = 20_000;
const FAILED_EVERY = 20; // 1,000 failures

let ws: Workspace;
let results: JobResult[];
let outcome: PublishOutcome;

before(async () => {
  ws = await makeWorkspace();
  const fileLinks = new Map<string, { artifact?: string; commit?: string }>();
  results = Array.from({ length: COUNT }, (_, i) => {
    // Multi-byte names, so a budget counted in characters would overflow one counted in bytes.
    const source = `docs/第三章节说明-${i % 97}/技术文档使用说明书-${String(i).padStart(5, '0')}-ü.docx`;
    if (i % FAILED_EVERY === 7) {
      return result(ws, source, 'pdf', 'failed', [], `the service said: ${'corrupt '.repeat(30)}#${i}`);
    }
    const output = ws.at(
      `converted/第三章节说明-${i % 97}/技术文档使用说明书-${String(i).padStart(5, '0')}-ü.pdf`,
    );
    fileLinks.set(output, {
      artifact: `https://github.com/octo/docs/actions/runs/42/artifacts/${100_000 + i}`,
      commit: `https://github.com/octo/docs/blob/0123456789abcdef0123456789abcdef01234567/converted/${i}.pdf`,
    });
    return result(ws, source, 'pdf', 'converted', [output]);
  });
  outcome = {
    fileLinks,
    failures: [],
    notices: [],
    artifactUrl: 'https://github.com/octo/docs/actions/runs/42/artifacts/9',
  };
});

const failedSources = () =>
  results.filter((r) => r.status !== 'converted').map((r) => r.job.source.workspacePath);
const tableRows = (markdown: string) =>
  markdown.split('\n').filter((line) => /^\| (?!Document|---)/.test(line));

describe('with 20,000 results', () => {
  it('the job summary stays under 1 MiB, lists every failure first, then counts and the report', () => {
    const summary = renderJobSummary(
      results,
      makeSettings(ws),
      outcome,
      ws.at('converted/conversion-report.json'),
    );
    assert.ok(Buffer.byteLength(summary) < MIB, `${Buffer.byteLength(summary)} bytes`);
    const rows = tableRows(summary);
    const failures = failedSources().length;
    assert.ok(rows.length > failures && rows.length < COUNT, `${rows.length} rows`);
    for (const row of rows.slice(0, failures)) assert.match(row, /❌ failed/);
    const text = unescapeMarkdown(summary);
    for (const source of failedSources()) assert.ok(text.includes(`| ${source} |`), `${source} is missing`);
    assert.match(
      text,
      new RegExp(
        `Showing ${rows.length} of ${COUNT} rows \\(failures first, ${COUNT - rows.length} left out`,
      ),
    );
    assert.match(text, /19000 converted, 1000 failed, 0 timed out, of 20000\./);
    assert.match(
      text,
      /Every result: the report converted\/conversion-report\.json \(also in the \[artifact\]/,
    );
  });

  it('the pull-request comment stays under 65,536 characters and says the same, failures first', () => {
    const body = renderCommentBody(results, outcome, makeEnvironment(), makeSettings(ws));
    assert.ok(body.length <= 65_536, `${body.length} characters`);
    const rows = tableRows(body);
    assert.ok(rows.length > 10);
    for (const row of rows) assert.match(row, /❌ failed/, 'only failures fit, and they come first');
    assert.match(
      unescapeMarkdown(body),
      new RegExp(
        `Showing ${rows.length} of ${COUNT} rows \\(failures first, ${COUNT - rows.length} left out`,
      ),
    );
  });

  it('all outputs together stay well under 1 MB; files keeps the failures first and stays valid JSON', async () => {
    const entries = fileEntries(results, ws, outcome);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'outputs-'));
    const outputFile = path.join(dir, 'output');
    await writeFile(outputFile, '');
    process.env.GITHUB_OUTPUT = outputFile;
    try {
      setActionOutputs(ws, entries, undefined, ws.at('converted/conversion-report.json'));
    } finally {
      delete process.env.GITHUB_OUTPUT;
    }
    assert.ok(
      (await stat(outputFile)).size < 300 * 1024,
      `${(await stat(outputFile)).size} bytes of outputs`,
    );
    await rm(dir, { recursive: true, force: true });

    const { json, omitted } = filesOutput(entries);
    const listed = JSON.parse(json) as FileEntry[];
    assert.equal(listed.length, COUNT - omitted);
    assert.ok(omitted > 0 && listed.length > 100);
    const firstConverted = listed.findIndex((e) => e.status === 'converted');
    const failuresListed = firstConverted === -1 ? listed.length : firstConverted;
    assert.ok(
      listed.slice(failuresListed).every((e) => e.status === 'converted'),
      'failures come first',
    );
    assert.equal(failuresListed, Math.min(listed.length, failedSources().length));
  });

  it('the report file holds every result', async () => {
    const entries = fileEntries(results, ws, outcome);
    const file = ws.at('converted/conversion-report.json');
    await writeReportFile(file, entries, undefined);
    const report = JSON.parse(await readFile(file, 'utf8')) as { files: FileEntry[]; totals: unknown };
    assert.deepEqual(report.files, entries);
    assert.deepEqual(report.totals, { converted: 19_000, cached: 0, failed: 1_000, 'timed-out': 0 });
  });
});

describe('a run that fits', () => {
  it('shows every row in the order given, with no note', () => {
    const few = results.slice(0, 40);
    const summary = renderJobSummary(
      few,
      makeSettings(ws),
      outcome,
      ws.at('converted/conversion-report.json'),
    );
    const rows = tableRows(unescapeMarkdown(summary));
    assert.deepEqual(
      rows.map((row) => row.split(' | ')[0]?.slice(2)),
      few.map((r) => r.job.source.workspacePath),
    );
    assert.doesNotMatch(summary, /Showing/);
  });
});

describe('a dry run of 100,000 documents', () => {
  it('plans a summary under 1 MiB that points at the report', () => {
    const jobs = Array.from({ length: 100_000 }, (_, i) => results[i % COUNT]?.job as JobResult['job']);
    const plan: Plan = { documents: [], jobs };
    const summary = renderPlanSummary(plan, ws, '/tmp/runner/conversion-report.json');
    assert.ok(Buffer.byteLength(summary) < MIB);
    assert.match(summary, /Showing \d+ of 100000 planned conversions; every one is in the report/);
    assert.match(summary, /100000 conversions planned; nothing was sent\./);
  });
});

after(() => {});
