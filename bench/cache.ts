/**
 * The conversion cache at scale: a cold run of many documents, an unchanged re-run and a re-run with one document
 * changed, each on a fresh runner (RUNNER_TEMP emptied), against the emulator, the Actions cache service stand-in
 * and Azurite. Conversion-service calls are the emulator's own per-kind request counts. Returns Markdown lines.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ActionRun, runAction, tempWorkspace } from '../test/e2e/run-action.ts';
import { type EmulatorStats, startEmulator } from '../test/emulator/server.ts';
import { startAzurite } from '../test/stand-ins/azurite.ts';
import { cacheServiceEnv, startCacheService } from '../test/stand-ins/cache-service.ts';

const CLIENT = { clientId: 'bench-cache-client', clientSecret: 'bench-cache-secret' };
const CAPACITY = 8;

interface CacheRun {
  label: string;
  run: ActionRun;
  stats: EmulatorStats;
  /** What the action's own log says the cache stage took (hashing, restore and verified copies). */
  restoreSeconds: number;
}

export async function measureCache(documents: number): Promise<string[]> {
  const emulator = await startEmulator({
    ...CLIENT,
    capacity: CAPACITY,
    conversion: { fixedMs: 100, perKbMs: 0, jitterMs: 100 },
    seed: 5,
  });
  const azurite = await startAzurite();
  const service = await startCacheService({ container: 'actions-cache', signUrl: azurite.signedUploadUrl });
  await azurite.container('actions-cache').create();
  const runnerTemp = path.join(os.tmpdir(), `bench-runner-temp-${process.pid}`);
  const workspace = await tempWorkspace();
  try {
    await mkdir(path.join(workspace, 'docs'));
    for (let i = 0; i < documents; i++) {
      const name = path.join(workspace, 'docs', `doc-${String(i).padStart(3, '0')}.docx`);
      await writeFile(name, `document ${i}\n${'x'.repeat(1024 + ((i * 97) % 4096))}`);
    }
    const runOnFreshRunner = async (label: string): Promise<CacheRun> => {
      await rm(runnerTemp, { recursive: true, force: true });
      await mkdir(runnerTemp, { recursive: true });
      emulator.resetStats();
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
        env: { RUNNER_TEMP: runnerTemp, ...cacheServiceEnv(service) },
      });
      if (run.exitCode !== 0) throw new Error(`${label} failed:\n${run.stdout.slice(-3000)}\n${run.stderr}`);
      const restoreSeconds = Number(
        /Cache: \d+ of \d+ conversion\(s\) restored in ([\d.]+) s/.exec(run.stdout)?.[1],
      );
      return { label, run, stats: emulator.stats(), restoreSeconds };
    };

    console.log(`cache: cold run of ${documents} documents…`);
    const cold = await runOnFreshRunner('cold: empty cache');
    console.log('cache: unchanged re-run…');
    const unchanged = await runOnFreshRunner('re-run, nothing changed');
    await writeFile(path.join(workspace, 'docs', 'doc-007.docx'), 'a new version of document 7');
    console.log('cache: re-run with one document changed…');
    const oneChanged = await runOnFreshRunner('re-run, one document changed');
    const load = os.loadavg()[0] ?? 0;

    const perDocument = (m: CacheRun) => {
      const converted = Number(m.run.outputs.converted);
      return converted > 0 ? (m.stats.totalRequests / converted).toFixed(2) : '–';
    };
    const row = (m: CacheRun) =>
      `| ${m.label} | ${(m.run.elapsedMs / 1000).toFixed(1)} s | ${m.restoreSeconds.toFixed(1)} s | ${m.run.outputs.converted} | ${m.run.outputs.cached} | ${m.stats.totalRequests} | ${m.stats.requests.upload} / ${m.stats.requests.start + m.stats.requests.directStart} / ${m.stats.requests.status} / ${m.stats.requests.download + m.stats.requests.directResult} | ${perDocument(m)} |`;
    const mark = (ok: boolean, text: string) => `${ok ? '✅ met' : '❌ missed'}: ${text}`;
    const changedCalls = oneChanged.stats;
    return [
      '## Conversion cache',
      '',
      `${documents} documents of 1–5 KiB to PDF, conversions of 100–200 ms, concurrency ${CAPACITY}; each run on a fresh`,
      'runner (empty RUNNER_TEMP), with the Actions cache service stand-in and Azurite on 127.0.0.1. "Calls" are',
      "every request the conversion service received (token, formats, upload, start, status, download, delete); the direct flow's start carries the document and its result is fetched by operation id.",
      `Machine load average at the end: ${load.toFixed(1)} on ${os.cpus().length} cores (wall times grow with it).`,
      '',
      '| run | wall (whole action) | cache stage | converted | cached | conversion-service calls | upload / start / status / download (direct starts and results included) | calls per converted document |',
      '|---|---|---|---|---|---|---|---|',
      row(cold),
      row(unchanged),
      row(oneChanged),
      '',
      `- ${mark(unchanged.stats.totalRequests === 0, `unchanged re-run makes 0 conversion-service calls: ${unchanged.stats.totalRequests}`)}`,
      `- ${mark(unchanged.run.elapsedMs < 3000, `unchanged re-run under 3 s including the restore: ${(unchanged.run.elapsedMs / 1000).toFixed(1)} s`)}`,
      `- ${mark(
        // That document sent once (with its start on the direct flow, or uploaded), one start, one result fetched.
        changedCalls.operations.length === 1 &&
          changedCalls.requests.upload + changedCalls.requests.directStart === 1 &&
          changedCalls.requests.download + changedCalls.requests.directResult === 1,
        `one document changed costs that document's calls only: ${changedCalls.operations.length} conversion, ${changedCalls.totalRequests} calls (upload ${changedCalls.requests.upload}, start ${changedCalls.requests.start + changedCalls.requests.directStart}, status ${changedCalls.requests.status}, download ${changedCalls.requests.download + changedCalls.requests.directResult}, plus the run's token ${changedCalls.requests.token}, formats ${changedCalls.requests.formats}, folder delete ${changedCalls.requests.deleteFolder})`,
      )}`,
      '',
    ];
  } finally {
    await emulator.close();
    await service.close();
    await azurite.stop();
    await rm(runnerTemp, { recursive: true, force: true });
    await rm(workspace, { recursive: true, force: true });
  }
}

// `node bench/cache.ts [documents]`: this section alone (`npm run bench` runs it with 500 documents).
if (import.meta.main) console.log((await measureCache(Number(process.argv[2] ?? 500))).join('\n'));
