/**
 * The real @actions/cache against a stand-in of the Actions cache service (Twirp JSON, blobs in Azurite):
 * a folder saved under unique keys comes back whole from the newest entry of a prefix; a broken or silent
 * service costs a warning and at most the time limit, never an exception.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { restoreFolder, saveFolder, withinTimeLimit } from '../../src/cache/actions-cache-store.ts';
import type { TarGuardSetup } from '../../src/cache/guarded-restore.ts';
import { readRunnerEnvironment } from '../../src/settings/runner.ts';
import { type Azurite, startAzurite } from '../stand-ins/azurite.ts';
import {
  type CacheService,
  cacheServiceEnv,
  skipWithoutZstd,
  startCacheService,
} from '../stand-ins/cache-service.ts';

const CONTAINER = 'actions-cache';
const skip = skipWithoutZstd();
/** The sources run as the bundle would: this Node starts src/index.ts as the tar guard. */
const entry = path.resolve(import.meta.dirname, '../../src/index.ts');

describe('the Actions cache through @actions/cache', { skip }, () => {
  let azurite: Azurite;
  let service: CacheService;
  let root: string;
  let folder: string;
  let warnings: string[];
  let guard: TarGuardSetup;
  const originalWrite = process.stdout.write.bind(process.stdout);

  before(async () => {
    azurite = await startAzurite();
    await azurite.container(CONTAINER).create();
    service = await startCacheService({ container: CONTAINER, signUrl: azurite.signedUploadUrl });
    root = await mkdtemp(path.join(os.tmpdir(), 'cache-store-'));
    Object.assign(process.env, cacheServiceEnv(service), {
      GITHUB_WORKSPACE: path.join(root, 'workspace'),
      RUNNER_TEMP: path.join(root, 'temp'),
    });
    await mkdir(path.join(root, 'workspace'), { recursive: true });
    folder = path.join(root, 'temp', 'convert-documents-cache');
    guard = {
      selfCommand: [process.execPath, entry],
      searchPath: process.env.PATH ?? '',
      temporaryDirectory: path.join(root, 'temp'),
      maxBytes: 500e6,
    };
    // Warnings are workflow commands on stdout: keep them to check what a user would see.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = String(chunk);
      for (const line of text.split('\n')) if (line.startsWith('::warning::')) warnings.push(line);
      return originalWrite(chunk, ...(rest as []));
    }) as typeof process.stdout.write;
  });
  after(async () => {
    process.stdout.write = originalWrite;
    await service?.close();
    await azurite?.stop();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    warnings = [];
    service.mode = 'ok';
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
  });

  it('saves under unique keys and restores the newest entry of the prefix, byte for byte', async () => {
    await writeFile(path.join(folder, 'manifest.json'), '{"run":1}');
    const first = await saveFolder(
      folder,
      'convert-documents-v1-abc-',
      readRunnerEnvironment({ GITHUB_RUN_ID: '7' }),
    );
    await writeFile(path.join(folder, 'manifest.json'), '{"run":2}');
    await mkdir(path.join(folder, 'blobs'));
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    await writeFile(path.join(folder, 'blobs', 'b'), bytes);
    const second = await saveFolder(
      folder,
      'convert-documents-v1-abc-',
      readRunnerEnvironment({ GITHUB_RUN_ID: '8' }),
    );
    assert.match(first ?? '', /^convert-documents-v1-abc-7-1-[0-9a-f]{8}$/);
    assert.match(second ?? '', /^convert-documents-v1-abc-8-1-[0-9a-f]{8}$/);
    assert.equal(service.entries.filter((entry) => entry.finalized).length, 2);

    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    assert.deepEqual(await restoreFolder(folder, 'convert-documents-v1-abc-', guard), {
      key: second,
      responsive: true,
    });
    assert.equal(await readFile(path.join(folder, 'manifest.json'), 'utf8'), '{"run":2}');
    assert.deepEqual(await readFile(path.join(folder, 'blobs', 'b')), bytes);
    assert.deepEqual(warnings, []);
  });

  it('finds nothing under another prefix', async () => {
    assert.deepEqual(await restoreFolder(folder, 'convert-documents-v1-other-', guard), {
      key: undefined,
      responsive: true,
    });
    assert.deepEqual(warnings, []);
  });

  it('reports a corrupted archive as a miss with a warning', async () => {
    await writeFile(path.join(folder, 'manifest.json'), '{}');
    const key = await saveFolder(folder, 'convert-documents-v1-corrupt-', readRunnerEnvironment({}));
    const entry = service.entries.find((e) => e.key === key);
    assert.ok(entry);
    await azurite.container(CONTAINER).getBlockBlobClient(entry.blobName).upload('not a tar', 9);
    assert.deepEqual(await restoreFolder(folder, 'convert-documents-v1-corrupt-', guard), {
      key: undefined,
      responsive: true,
    });
    assert.match(warnings.join('\n'), /Failed to restore/);
    assert.match(warnings.join('\n'), /not restored: tar could not list it/);
  });

  it('saves nothing, with a warning, when the service refuses writes', async () => {
    service.mode = 'read-only';
    await writeFile(path.join(folder, 'manifest.json'), '{}');
    assert.equal(await saveFolder(folder, 'convert-documents-v1-ro-', readRunnerEnvironment({})), undefined);
    assert.match(warnings.join('\n'), /write denied|Failed to save/);
  });

  it('gives up on a service that does not answer within the time limit, with a warning', async () => {
    service.mode = 'hang';
    const limits = { lookupMs: 300, restoreMs: 60_000 };
    assert.deepEqual(await restoreFolder(folder, 'convert-documents-v1-abc-', guard, limits), {
      key: undefined,
      responsive: false,
    });
    assert.deepEqual(warnings, [
      '::warning::Cache: looking up the cache took longer than 0.3 s; going on without it.',
    ]);
  });
});

describe('withinTimeLimit', () => {
  it('passes a prompt answer through', async () => {
    assert.equal(await withinTimeLimit(Promise.resolve('done'), 1_000, 'late', 'work'), 'done');
  });
});
