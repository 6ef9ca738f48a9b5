import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { confinementWith } from '../../../../src/convert/engines/libreoffice/confinement.ts';
import type { LibreOfficeInstance } from '../../../../src/convert/engines/libreoffice/instance.ts';
import { ProfilePool } from '../../../../src/convert/engines/libreoffice/profiles.ts';
import { LibreOfficeWorkers } from '../../../../src/convert/engines/libreoffice/workers.ts';

let root = '';
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lo-workers-'));
});
after(() => rm(root, { recursive: true, force: true }));

/** Workers whose LibreOffices are stand-ins: each knows its profile and stays alive. */
function workersWith(maxWorkers: number | undefined, folder: string) {
  const started: string[] = [];
  const workers = new LibreOfficeWorkers({
    soffice: '/nonexistent/soffice',
    profiles: new ProfilePool(path.join(root, folder)),
    confinement: confinementWith(undefined, process.geteuid?.() ?? 0),
    envFor: async () => ({}),
    startInstance: ({ profileDirectory }) => {
      started.push(profileDirectory);
      return {
        alive: true,
        profileDirectory,
        startupMs: 0,
        stop: async () => {},
      } as unknown as LibreOfficeInstance;
    },
    maxWorkers,
  });
  return { workers, started };
}

it('starts no more LibreOffices than maxWorkers: the other documents wait for a free one, and all convert', async () => {
  const { workers, started } = workersWith(2, 'capped');
  let inUse = 0;
  let mostInUse = 0;
  const profilesInUse = new Set<string>();
  const convert = () =>
    workers.withInstance(async (instance) => {
      const profile = (instance as unknown as { profileDirectory: string }).profileDirectory;
      assert.ok(!profilesInUse.has(profile), 'two conversions shared a profile');
      profilesInUse.add(profile);
      mostInUse = Math.max(mostInUse, ++inUse);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inUse--;
      profilesInUse.delete(profile);
      return profile;
    });
  const done = await Promise.all(Array.from({ length: 7 }, convert));
  assert.equal(done.length, 7);
  assert.equal(mostInUse, 2);
  assert.equal(started.length, 2, 'a LibreOffice was started past maxWorkers');
  assert.equal(workers.startups.count, 2);
});

it('makes one per document in flight without maxWorkers', async () => {
  const { workers, started } = workersWith(undefined, 'uncapped');
  const hold = () => workers.withInstance(() => new Promise((resolve) => setTimeout(resolve, 5)));
  await Promise.all(Array.from({ length: 4 }, hold));
  assert.equal(started.length, 4);
});

it('lets the run’s deadline end a wait for a worker, and the worker still serves the next document', async () => {
  const { workers } = workersWith(1, 'deadline');
  let release = () => {};
  let busyStarted = () => {};
  const started = new Promise<void>((resolve) => (busyStarted = resolve));
  const busy = workers.withInstance(
    () =>
      new Promise<void>((resolve) => {
        release = resolve;
        busyStarted();
      }),
  );
  await started;
  const deadline = new AbortController();
  const waiting = workers.withInstance(async () => 'converted', deadline.signal);
  deadline.abort(new Error('the run’s timeout passed'));
  await assert.rejects(waiting, /the run’s timeout passed/);
  release();
  await busy;
  assert.equal(await workers.withInstance(async () => 'next'), 'next');
});
