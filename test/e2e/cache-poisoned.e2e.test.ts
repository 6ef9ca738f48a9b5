/**
 * A poisoned Actions cache entry, end to end (issue 20, point 8): an archive saved by someone else under a key our
 * run restores. `@actions/cache` unpacks with `tar -P -C <workspace>`, which keeps `..`, absolute names and links;
 * the bundle must refuse such an archive before anything of it is written, warn, and convert without it. And a
 * restored file that grows without end is read no further than its recorded size.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  type FileHandle,
  mkdir,
  mkdtemp,
  open,
  readFile,
  rm,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { type Azurite, startAzurite } from '../stand-ins/azurite.ts';
import {
  type CacheService,
  cacheServiceEnv,
  skipWithoutZstd,
  startCacheService,
} from '../stand-ins/cache-service.ts';
import { writeDocumentTree } from './fixtures.ts';
import {
  type ActionRun,
  explain,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
  warningsOf,
} from './run-action.ts';

const CLIENT_ID = 'poisoned-cache-client';
const CLIENT_SECRET = 'poisoned-cache-Secret-5e1a';
const CONTAINER = 'actions-cache';
const CACHE_FOLDER = 'convert-documents-cache';

describe('a poisoned cache entry', { concurrency: false, skip: skipWithoutZstd() }, () => {
  let emulator: Emulator;
  let azurite: Azurite;
  let service: CacheService;
  let root: string;
  let runnerTemp: string;
  let workspace: string;

  const runOnFreshRunner = async (inputs: Record<string, string> = {}): Promise<ActionRun> => {
    await rm(runnerTemp, { recursive: true, force: true });
    await mkdir(runnerTemp, { recursive: true });
    emulator.resetStats();
    return runAction({
      workspace,
      inputs: {
        'client-id': CLIENT_ID,
        'client-secret': CLIENT_SECRET,
        'api-base-url': emulator.url,
        path: 'docs',
        'base-dir': 'docs',
        format: 'pdf',
        publish: 'none',
        ...inputs,
      },
      env: { RUNNER_TEMP: runnerTemp, ...cacheServiceEnv(service) },
    });
  };

  /** Replaces every saved entry's archive (the newest is the one restored) with a zstd tar made in `from` by `tarArgs` (GNU tar, `-P` kept). */
  const poisonEntry = async (from: string, tarArgs: string[]): Promise<void> => {
    const archive = path.join(root, 'poisoned.tzst');
    execFileSync('sh', ['-c', 'tar --posix -S -P -cf - "$@" | zstd -q -o "$0" -f', archive, ...tarArgs], {
      cwd: from,
    });
    const entries = service.entries.filter((candidate) => candidate.finalized);
    assert.ok(entries.length > 0, 'no entry was saved by the first run');
    const bytes = await readFile(archive);
    for (const entry of entries) {
      await azurite.container(CONTAINER).getBlockBlobClient(entry.blobName).upload(bytes, bytes.length);
    }
  };

  /** The archive's member name for `target`, as the library names members: relative to the workspace. */
  const memberFor = (target: string) => path.relative(workspace, target);

  before(async () => {
    emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      conversion: { fixedMs: 5, perKbMs: 0, jitterMs: 5 },
      seed: 8,
    });
    azurite = await startAzurite();
    await azurite.container(CONTAINER).create();
    service = await startCacheService({ container: CONTAINER, signUrl: azurite.signedUploadUrl });
    root = await mkdtemp(path.join(os.tmpdir(), 'poisoned-cache-'));
    runnerTemp = path.join(root, 'runner', 'temp');
    workspace = await tempWorkspace();
    await writeDocumentTree(workspace, 3);
    // A first run saves a real entry: its key and version are what the poisoned archive takes over. Saving is
    // bounded in time (a warning when it is not done in 20 s), which a loaded machine can pass: that is setup
    // failing, not the guard, so a second run is given the chance to save.
    for (let attempt = 1; ; attempt++) {
      const first = await runOnFreshRunner();
      assert.equal(first.exitCode, 0, explain(first));
      if (service.entries.some((entry) => entry.finalized)) break;
      assert.ok(attempt < 3, `no cache entry was saved in ${attempt} runs: ${explain(first)}`);
    }
  });
  after(async () => {
    await emulator?.close();
    await service?.close();
    await azurite?.stop();
    await rm(root, { recursive: true, force: true });
    await removeTempWorkspaces();
  });

  /** The run after the poisoning: converts all three documents and warns why the entry was not restored. */
  const assertRefusedAndConverted = (run: ActionRun, why: RegExp) => {
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(run.outputs.converted, '3', 'a document was not converted');
    assert.equal(run.outputs.failed, '0');
    const warnings = warningsOf(run).join('\n');
    assert.match(warnings, /Cache: the cache entry was not restored: /);
    assert.match(warnings, why);
  };

  it('refuses a member whose `../..` leads outside the cache folder, and writes nothing there', async () => {
    const stage = await mkdtemp(path.join(root, 'stage-'));
    await writeFile(path.join(stage, 'payload'), 'poisoned\n');
    const target = path.join(root, 'escaped-relative.txt');
    // Up to the root with `..` steps from the workspace, then down to the target.
    const name = path.join(path.relative(workspace, path.parse(workspace).root), target);
    assert.match(name, /^\.\.\/\.\.\//);
    await poisonEntry(stage, ['--transform', `s,^payload,${name},`, 'payload']);
    const run = await runOnFreshRunner();
    assert.ok(!existsSync(target), `the archive wrote ${target}`);
    assertRefusedAndConverted(run, /escaped-relative\.txt" leads outside the cache folder/);
  });

  it('refuses an absolute member, and the file it names is unchanged', async () => {
    const stage = await mkdtemp(path.join(root, 'stage-'));
    await writeFile(path.join(stage, 'payload'), 'poisoned\n');
    const target = path.join(root, 'victim.txt');
    await writeFile(target, 'original\n');
    await poisonEntry(stage, ['--transform', `s,^payload,${target},`, 'payload']);
    const run = await runOnFreshRunner();
    assert.equal(await readFile(target, 'utf8'), 'original\n', 'the archive overwrote an absolute path');
    assertRefusedAndConverted(run, /victim\.txt" is an absolute path outside the cache folder/);
  });

  it('refuses a symlink leading outside and the member written through it', async () => {
    const stage = await mkdtemp(path.join(root, 'stage-'));
    const outside = await mkdtemp(path.join(root, 'outside-'));
    await writeFile(path.join(stage, 'payload'), 'poisoned\n');
    await symlink(outside, path.join(stage, 'link'));
    // Both named inside the cache folder: only the link's type tells they are not what a cache holds.
    const link = memberFor(path.join(runnerTemp, CACHE_FOLDER, 'link'));
    await poisonEntry(stage, [
      '--transform',
      `s,^link,${link},`,
      'link',
      '--transform',
      `s,^payload,${link}/pwned,`,
      'payload',
    ]);
    const run = await runOnFreshRunner();
    assert.ok(!existsSync(path.join(outside, 'pwned')), 'the archive wrote through its symlink');
    assertRefusedAndConverted(run, /link" is a symlink; a cache holds only files and folders/);
  });

  // The timeout guards against a reader that follows the growth (it would read for hours), not a speed check.
  it('reads a restored file that keeps growing no further than its recorded size, and finishes', {
    timeout: 600_000,
  }, async () => {
    // The folder a clean run saved, re-archived with one output's blob made huge (sparse: no disk) and growing.
    const saved = await runOnFreshRunner();
    assert.equal(saved.exitCode, 0, explain(saved));
    const folder = path.join(runnerTemp, CACHE_FOLDER);
    const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as {
      conversions: Record<string, { outputs: { sha256: string; size: number }[] }>;
    };
    const conversions = Object.values(manifest.conversions);
    assert.equal(conversions.length, 3, 'the saved folder does not hold the three conversions');
    const sha256 = conversions[0]?.outputs[0]?.sha256 as string;
    const blob = path.join(folder, 'blobs', sha256);
    await truncate(blob, 1024 ** 3);
    await poisonEntry(workspace, [memberFor(folder)]);

    // Once the run has unpacked it, the blob grows by 64 GiB every few milliseconds, on the file it unpacked
    // (a handle kept open: the run's own later copy under that name is not touched), up to 4 TiB of holes.
    let grown: FileHandle | undefined;
    let size = 1024 ** 3;
    const grow = setInterval(async () => {
      grown ??= await open(path.join(runnerTemp, CACHE_FOLDER, 'blobs', sha256), 'r+').catch(() => undefined);
      if (!grown || size >= 4 * 1024 ** 4) return;
      size += 64 * 1024 ** 3;
      await grown.truncate(size).catch(() => undefined);
    }, 5);
    let run: ActionRun;
    try {
      run = await runOnFreshRunner({ 'cache-max-size': '2GB' });
    } finally {
      clearInterval(grow);
      await grown?.close();
    }
    assert.ok(grown, 'the blob was never unpacked: the test proves nothing');
    assert.equal(run.exitCode, 0, explain(run));
    assert.equal(run.outputs.cached, '2');
    assert.equal(run.outputs.converted, '1');
    assert.match(
      warningsOf(run).join('\n'),
      /does not match its recorded SHA-256 \(Actions cache\); converting it again/,
    );
  });
});
