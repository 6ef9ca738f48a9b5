/**
 * The cache stage with a second plan, as the previews use it for base versions: looked up in the same caches,
 * converted only on a miss, and never committed.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { readCommittedManifest } from '../../src/cache/committed-manifest.ts';
import { openCacheStage } from '../../src/cache/index.ts';
import { sha256Hex } from '../../src/cache/key.ts';
import { groupDocsIdentity } from '../../src/convert/engines/identity.ts';
import type { JobResult } from '../../src/convert/results.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import type { Plan } from '../../src/plan/types.ts';
import { basePlan } from '../../src/previews/build-previews.ts';
import { readRunnerEnvironment } from '../../src/settings/runner.ts';
import type { Settings } from '../../src/settings/types.ts';
import { captureAnnotations, makeSettings, makeWorkspace, type Workspace } from '../publish/helpers.ts';

/** Converts like a service would: each job's PDF says which source bytes it was made from. */
async function convertAll(plan: Plan): Promise<JobResult[]> {
  return Promise.all(
    plan.jobs.map(async (job) => {
      const output = path.join(job.outputDirectory, `${job.source.stem}.pdf`);
      await mkdir(job.outputDirectory, { recursive: true });
      await writeFile(output, `PDF of ${await readFile(job.source.absolutePath, 'utf8')}`);
      return { job, status: 'converted' as const, outputs: [output], durationMs: 1 };
    }),
  );
}

const baseFolders: string[] = [];

/** A base version as the previews fetch it: a file in a temporary folder, converted to a folder beside it. */
async function baseVersionPlan(repoPath: string, content: string): Promise<Plan> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'base-version-'));
  baseFolders.push(folder);
  const file = path.join(folder, path.posix.basename(repoPath));
  await writeFile(file, content);
  return basePlan([{ repoPath, file, sizeBytes: content.length, outputDirectory: path.join(folder, 'pdf') }]);
}

describe('the cache stage and the previews’ base versions', () => {
  after(() =>
    Promise.all(baseFolders.splice(0).map((folder) => rm(folder, { recursive: true, force: true }))),
  );
  const noActionsCache = readRunnerEnvironment({ RUNNER_TEMP: os.tmpdir() });
  /**
   * A push whose commits change nothing (`before` is the checked-out commit): committed outputs may be reused.
   * Without a push or pull request to compare with, they are not (tested below).
   */
  const pushChangingNothing = async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'push-event-'));
    baseFolders.push(folder);
    const sha = 'a'.repeat(40);
    await writeFile(path.join(folder, 'event.json'), JSON.stringify({ before: sha, after: sha }));
    return readRunnerEnvironment({
      RUNNER_TEMP: os.tmpdir(),
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: path.join(folder, 'event.json'),
      GITHUB_SHA: sha,
    });
  };

  /** One run in commit mode: converts the head's misses, converts (or restores) the base version, records. */
  async function commitRun(ws: Workspace, base: Plan, runner = noActionsCache) {
    const settings: Settings = { ...makeSettings(ws, { targets: ['commit'] }), patterns: ['docs'] };
    const plan = await buildPlan(settings);
    const stage = await openCacheStage(
      settings,
      plan,
      async () => groupDocsIdentity(settings),
      runner,
      async () => ({
        complete: true,
        dependencies: [],
        limits: { fileBytes: 0, totalBytes: 0 },
      }),
    );
    const results = [...stage.hits, ...(await convertAll({ ...plan, jobs: stage.misses }))];
    const baseConversions: Plan[] = [];
    const baseResults = await stage.convertAlso(base, async (misses) => {
      baseConversions.push(misses);
      return convertAll(misses);
    });
    const changes = await stage.record(results);
    return {
      results,
      baseResults,
      baseConversions,
      changes,
      manifest: await readCommittedManifest(ws.outputDir),
    };
  }

  it('commits only the run’s own outputs, never a base version’s, and converts a base its run replaced', async () => {
    const ws = await makeWorkspace({ 'docs/report.docx': 'version 1' });
    const push = await commitRun(ws, await baseVersionPlan('docs/report.docx', 'version 0'));
    assert.equal(push.baseConversions.length, 1, 'the base version was not in any cache');
    assert.deepEqual(
      push.manifest.map((conversion) => [conversion.source, conversion.outputs.map((output) => output.name)]),
      [['docs/report.docx', ['report.pdf']]],
      'the base version’s PDF is not a committed output',
    );
    assert.equal(push.changes.alsoCommit.length, 1);

    // A pull request changes the document: its base version is what the push committed, but by the time the
    // previews look for it the run has converted the head version over the committed output.
    await writeFile(ws.at('docs/report.docx'), 'version 2');
    const { value: pull, annotations } = await captureAnnotations(async () =>
      commitRun(ws, await baseVersionPlan('docs/report.docx', 'version 1')),
    );
    assert.deepEqual(
      annotations.filter(([kind]) => kind !== 'debug'),
      [],
      'a replaced committed output is a plain miss, not a warning',
    );
    assert.equal(pull.baseConversions.length, 1);
    const [base] = pull.baseResults;
    assert.equal(base?.status, 'converted');
    assert.equal(await readFile(base?.outputs[0] as string, 'utf8'), 'PDF of version 1');
    assert.deepEqual(
      pull.manifest.map((conversion) => [conversion.source, conversion.sourceSha256]),
      [['docs/report.docx', sha256Hex('version 2')]],
    );
    assert.equal(await readFile(ws.at('converted/docs/report.pdf'), 'utf8'), 'PDF of version 2');
  });

  it('restores a base version from the committed outputs its run left alone, converting nothing', async () => {
    const ws = await makeWorkspace({ 'docs/report.docx': 'version 1' });
    await commitRun(ws, await baseVersionPlan('docs/report.docx', 'version 0'));

    // The pull request renames and edits the document: the committed report.pdf is still the base's.
    await rm(ws.at('docs/report.docx'));
    await writeFile(ws.at('docs/final.docx'), 'version 2');
    const pull = await commitRun(
      ws,
      await baseVersionPlan('docs/report.docx', 'version 1'),
      await pushChangingNothing(),
    );
    assert.deepEqual(pull.baseConversions, []);
    const [base] = pull.baseResults;
    assert.equal(base?.status, 'cached');
    assert.equal(await readFile(base?.outputs[0] as string, 'utf8'), 'PDF of version 1');
    assert.deepEqual(
      pull.manifest.map((conversion) => conversion.source),
      ['docs/final.docx'],
    );
    assert.deepEqual(pull.changes.remove, [ws.at('converted/docs/report.pdf')], 'the old name’s output goes');
  });

  it('reuses no committed output when it cannot tell what the checked-out commits changed', async () => {
    const ws = await makeWorkspace({ 'docs/report.docx': 'version 1' });
    await commitRun(ws, await baseVersionPlan('docs/report.docx', 'version 0'));
    const again = await commitRun(ws, await baseVersionPlan('docs/report.docx', 'version 0'));
    assert.deepEqual(
      again.results.map((result) => result.status),
      ['converted'],
    );
    assert.equal(again.baseConversions.length, 1);
    const trusted = await commitRun(
      ws,
      await baseVersionPlan('docs/report.docx', 'version 0'),
      await pushChangingNothing(),
    );
    assert.deepEqual(
      trusted.results.map((result) => result.status),
      ['cached'],
    );
  });
});
