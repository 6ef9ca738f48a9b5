/** The publishing job's view of the shards: one result per planned job, every gap and oddity said out loud. */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Plan } from '../../src/plan/types.ts';
import type { FileEntry } from '../../src/report/index.ts';
import { mergeShardResults, readShardReports } from '../../src/report/merge-shards.ts';
import { writeReportFile } from '../../src/report/report-file.ts';
import { makeWorkspace, result } from '../publish/helpers.ts';

async function planOf(names: string[]) {
  const ws = await makeWorkspace();
  const jobs = names.map((name) => result(ws, `docs/${name}.docx`, 'pdf', 'failed').job);
  const plan: Plan = { documents: jobs.map((j) => j.source), jobs };
  return { ws, plan };
}

const entry = (name: string, status: FileEntry['status'] = 'converted'): FileEntry => ({
  source: `docs/${name}.docx`,
  format: 'pdf',
  status,
  outputs: status === 'converted' ? [`converted/${name}.pdf`] : [],
  ...(status === 'converted' ? {} : { error: 'corrupt' }),
  'duration-ms': 12,
});

describe('readShardReports and mergeShardResults', () => {
  it('take each job from the shard that reported it, and fail the jobs of a missing shard', async () => {
    const { ws, plan } = await planOf(['a', 'b', 'c', 'd']);
    await writeReportFile(
      path.join(ws.outputDir, 'conversion-report-shard-1-of-3.json'),
      [entry('a'), entry('b', 'failed')],
      { index: 1, count: 3 },
    );
    await writeReportFile(path.join(ws.outputDir, 'conversion-report-shard-3-of-3.json'), [entry('c')], {
      index: 3,
      count: 3,
    });
    await writeFile(path.join(ws.outputDir, 'conversion-report.json'), 'not a shard report, ignored');

    const { reports, problems: unreadable } = await readShardReports(ws.outputDir);
    assert.deepEqual(unreadable, []);
    const merged = mergeShardResults(plan, reports, ws);

    assert.deepEqual(merged.shardsFound, [1, 3]);
    assert.equal(merged.shardCount, 3);
    assert.deepEqual(merged.problems, ['no report from shard 2/3']);
    assert.deepEqual(
      merged.results.map((r) => [r.job.source.workspacePath, r.status, r.error]),
      [
        ['docs/a.docx', 'converted', undefined],
        ['docs/b.docx', 'failed', 'corrupt'],
        ['docs/c.docx', 'converted', undefined],
        ['docs/d.docx', 'failed', 'not converted: its shard’s report is missing'],
      ],
    );
    assert.deepEqual(merged.results[0]?.outputs, [path.join(ws.outputDir, 'a.pdf')]);
  });

  it('keep the first of a result two shards report, refuse outputs outside output-dir, name results not planned', async () => {
    const { ws, plan } = await planOf(['a', 'b']);
    const escaping = { ...entry('b'), outputs: ['converted/../../etc/passwd'] };
    const merged = mergeShardResults(
      plan,
      [
        { index: 1, count: 2, entries: [entry('a'), entry('z')] },
        { index: 2, count: 2, entries: [{ ...entry('a'), 'duration-ms': 99 }, escaping] },
      ],
      ws,
    );
    assert.equal(merged.results[0]?.durationMs, 12);
    assert.equal(merged.results[1]?.status, 'failed');
    assert.match(merged.results[1]?.error ?? '', /outside output-dir/);
    assert.deepEqual(merged.problems, [
      'docs/a.docx → pdf is in the reports of shards 1 and 2; the first is kept',
      "1 result(s) in the shard reports are not in this job's plan (first: docs/z.docx → pdf); give the publishing job the same path, format and checkout as the shards",
    ]);
  });

  it('say which report cannot be read, and that none was found', async () => {
    const { ws, plan } = await planOf(['a']);
    await mkdir(ws.outputDir, { recursive: true });
    await writeFile(path.join(ws.outputDir, 'conversion-report-shard-1-of-1.json'), '{"schema":"other"}');
    const { reports, problems } = await readShardReports(ws.outputDir);
    assert.deepEqual(reports, []);
    assert.match(
      problems[0] ?? '',
      /^conversion-report-shard-1-of-1\.json cannot be read: not a report of this action/,
    );
    assert.deepEqual(mergeShardResults(plan, reports, ws).problems, [
      'no shard report was found in output-dir',
    ]);
  });

  it('count repeated results in one line, and ignore reports claiming an absurd matrix', async () => {
    const { ws, plan } = await planOf(['a']);
    await mkdir(ws.outputDir, { recursive: true });
    await writeReportFile(
      path.join(ws.outputDir, 'conversion-report-shard-1-of-1.json'),
      Array.from({ length: 500 }, () => entry('a')),
      { index: 1, count: 1 },
    );
    await writeReportFile(path.join(ws.outputDir, 'conversion-report-shard-3-of-2.json'), [entry('a')], {
      index: 3,
      count: 2,
    });
    await writeReportFile(path.join(ws.outputDir, 'conversion-report-shard-1-of-257.json'), [entry('a')], {
      index: 1,
      count: 257,
    });
    const { reports, problems } = await readShardReports(ws.outputDir);
    assert.deepEqual(
      reports.map((report) => `${report.index}/${report.count}`),
      ['1/1'],
    );
    assert.equal(problems.length, 2);
    for (const problem of problems) assert.match(problem, /ignored: its name claims shard/);
    assert.deepEqual(mergeShardResults(plan, reports, ws).problems, [
      '499 result(s) are in the shard reports more than once (first: docs/a.docx → pdf is in the reports of shards 1 and 1); the first of each is kept',
    ]);
  });
});
