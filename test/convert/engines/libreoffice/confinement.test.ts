/**
 * The sudo route to a network namespace, with stand-in `sudo`, `unshare` and `setpriv` on PATH that log what they
 * are asked and run the rest (the user-namespace `unshare --map-root-user` fails, as on GitHub's Ubuntu 24.04).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { probeConfinement } from '../../../../src/convert/engines/libreoffice/confinement.ts';

let folder: string;
let log: string;
let bin: string;

async function standIn(name: string, body: string): Promise<void> {
  const file = path.join(bin, name);
  await writeFile(file, `#!/bin/sh\necho "${name} $*" >> "${log}"\n${body}\n`);
  await chmod(file, 0o755);
}

/** Stand-ins where sudo answers `sudo -n -- true` with `sudoWorks`. */
async function standIns(sudoWorks: boolean): Promise<Record<string, string>> {
  await rm(log, { force: true });
  await standIn(
    'unshare',
    'case " $* " in *" --map-root-user "*) exit 1;; esac\nwhile [ "$1" != "--" ]; do shift; done; shift; exec "$@"',
  );
  await standIn('setpriv', 'while [ "$1" != "--" ]; do shift; done; shift; exec "$@"');
  await standIn(
    'sudo',
    `[ "$1" = "-n" ] || exit 2\nshift; [ "$1" = "--" ] && shift\n[ "$1" = "true" ] && exit ${sudoWorks ? 0 : 1}\nexec "$@"`,
  );
  return { PATH: `${bin}${path.delimiter}/usr/bin:/bin`, HOME: path.join(folder, 'home') };
}

async function logged(): Promise<string[]> {
  return (await readFile(log, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
}

before(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'confinement-'));
  log = path.join(folder, 'log');
  bin = path.join(folder, 'bin');
  await mkdir(bin);
});
after(() => rm(folder, { recursive: true, force: true }));

describe('probeConfinement: the sudo route', { concurrency: false }, () => {
  it('where the user namespace fails and sudo works, root makes the namespace and drops to the runner user with the allowlisted environment', async () => {
    const env = await standIns(true);
    const confinement = await probeConfinement(env, { uid: 1001, gid: 1002, sudo: true });
    assert.equal(confinement.network, 'namespace');
    assert.equal(confinement.route, 'sudo');
    assert.equal(confinement.pipeUid, 1001, "LibreOffice's pipes are named by the runner user's uid");
    const probe = await logged();
    assert.match(probe[0] ?? '', /^unshare --net --map-root-user/);
    assert.equal(probe[1], 'sudo -n -- true');
    assert.match(
      probe[2] ?? '',
      /^sudo -n -- unshare --net -- setpriv --reuid=1001 --regid=1002 --init-groups --no-new-privs -- env -i PATH=\S+ HOME=\S+ \/bin\/sh -c exit 0$/,
    );

    const childEnv = { PATH: env.PATH as string, HOME: '/work/profile/home', TMPDIR: '/work/profile/tmp' };
    const { command, args } = confinement.wrap('/usr/bin/env', [], childEnv);
    assert.equal(command, 'sudo');
    assert.deepEqual(args.slice(0, 16), [
      '-n',
      '--',
      'unshare',
      '--net',
      '--',
      'setpriv',
      '--reuid=1001',
      '--regid=1002',
      '--init-groups',
      '--no-new-privs',
      '--',
      'env',
      '-i',
      `PATH=${env.PATH}`,
      'HOME=/work/profile/home',
      'TMPDIR=/work/profile/tmp',
    ]);
    // Run through the stand-ins: what the process sees is the allowlisted environment (sudo resets its own).
    const seen = execFileSync(command, args, {
      env: { ...childEnv, GITHUB_TOKEN: 'ghs_secret' },
      encoding: 'utf8',
    });
    // (PWD is the shell's own.)
    assert.deepEqual(
      seen
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('PWD='))
        .sort(),
      [`HOME=/work/profile/home`, `PATH=${env.PATH}`, 'TMPDIR=/work/profile/tmp'],
    );
  });

  it('is tried only when `sudo -n true` succeeds: otherwise LibreOffice shares the network and nothing else ran under sudo', async () => {
    const env = await standIns(false);
    const confinement = await probeConfinement(env, { uid: 1001, gid: 1002, sudo: true });
    assert.equal(confinement.network, 'shared');
    assert.equal(confinement.route, 'none');
    assert.deepEqual((await logged()).slice(1), ['sudo -n -- true']);
  });

  it('never asks sudo off GitHub-hosted runners (a refused sudo may mail an admin)', async () => {
    const env = await standIns(true);
    const confinement = await probeConfinement(env, { uid: 1001, gid: 1002, sudo: false });
    assert.equal(confinement.network, 'shared');
    assert.ok(!(await logged()).some((line) => line.startsWith('sudo')), 'sudo was not run');
  });
});
