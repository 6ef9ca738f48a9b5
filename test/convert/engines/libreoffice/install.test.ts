import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { locateSoffice } from '../../../../src/convert/engines/libreoffice/install.ts';

let root = '';
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lo-install-'));
});
after(() => rm(root, { recursive: true, force: true }));

const PACKAGES = 'libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui python3-uno';

/**
 * A runner of stand-ins: `sudo` logs its arguments and runs them; `apt-get` logs its own, and `install` puts an
 * executable `soffice` into a folder on PATH (or fails with `aptExit` and apt's own message).
 */
async function standIns(aptExit = 0) {
  const folder = await mkdtemp(path.join(root, 'runner-'));
  const bin = path.join(folder, 'bin');
  const installed = path.join(folder, 'installed');
  const log = path.join(folder, 'commands.log');
  await mkdir(bin);
  await mkdir(installed);
  const script = async (name: string, body: string) => {
    await writeFile(path.join(bin, name), `#!/bin/sh\n${body}\n`);
    await chmod(path.join(bin, name), 0o755);
  };
  await script('sudo', `echo "sudo $*" >> '${log}'\nif [ "$1" = "-n" ]; then shift; fi\nexec "$@"`);
  await script(
    'apt-get',
    `echo "apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> '${log}'
if [ "$1" = "install" ]; then
  if [ ${aptExit} -ne 0 ]; then echo "E: Unable to locate package libreoffice-writer-nogui" >&2; exit ${aptExit}; fi
  printf '#!/bin/sh\\n' > '${installed}/soffice'; chmod +x '${installed}/soffice'
fi`,
  );
  // No system folder on PATH: this machine's own soffice must not be found. The stand-ins need only these.
  for (const tool of ['chmod', 'env']) await symlink(`/usr/bin/${tool}`, path.join(bin, tool));
  const searchPath = `${bin}${path.delimiter}${installed}`;
  return { searchPath, log, installed, env: { PATH: searchPath } };
}

async function commands(log: string): Promise<string[]> {
  return (await readFile(log, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
}

describe('LibreOffice on a runner without it', () => {
  it('installs the -nogui packages with sudo apt-get on a GitHub-hosted runner, saying how long it took', async () => {
    const runner = await standIns();
    const located = locateSoffice({ ...runner, runnerKind: 'github-hosted', install: true });
    assert.ok('install' in located);
    const lines: string[] = [];
    const soffice = await located.install(new AbortController().signal, (line) => lines.push(line));
    assert.equal(soffice, path.join(runner.installed, 'soffice'));
    assert.deepEqual(await commands(runner.log), [
      'sudo -n apt-get update -qq',
      'apt-get update -qq DEBIAN_FRONTEND=',
      `sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${PACKAGES}`,
      `apt-get install -y -qq --no-install-recommends ${PACKAGES} DEBIAN_FRONTEND=noninteractive`,
    ]);
    assert.match(lines.at(-1) ?? '', /^Installed LibreOffice in \d+(\.\d+)?(ms|s|m)/);
  });

  it('uses the soffice already on PATH and installs nothing', async () => {
    const runner = await standIns();
    await writeFile(path.join(runner.installed, 'soffice'), '#!/bin/sh\n');
    await chmod(path.join(runner.installed, 'soffice'), 0o755);
    const located = locateSoffice({ ...runner, runnerKind: 'github-hosted', install: true });
    assert.deepEqual(located, { soffice: path.join(runner.installed, 'soffice') });
    assert.deepEqual(await commands(runner.log), []);
  });

  it('installs nothing on a self-hosted runner and names the packages to install', async () => {
    const runner = await standIns();
    assert.throws(
      () => locateSoffice({ ...runner, runnerKind: 'self-hosted', install: true }),
      new RegExp(
        `not installed on this runner\\. The action installs it only on GitHub-hosted runners and changes nothing on this one \\(RUNNER_ENVIRONMENT is "self-hosted"\\).*${PACKAGES}`,
      ),
    );
    assert.deepEqual(await commands(runner.log), []);
  });

  it('installs nothing when install-libreoffice is false', async () => {
    const runner = await standIns();
    assert.throws(
      () => locateSoffice({ ...runner, runnerKind: 'github-hosted', install: false }),
      new RegExp(`install-libreoffice is false: install it in a step before this one: .*${PACKAGES}`),
    );
    assert.deepEqual(await commands(runner.log), []);
  });

  it('fails with the command, its exit code and apt’s message when the install fails', async () => {
    const runner = await standIns(100);
    const located = locateSoffice({ ...runner, runnerKind: 'github-hosted', install: true });
    assert.ok('install' in located);
    await assert.rejects(
      located.install(new AbortController().signal, () => {}),
      new RegExp(
        `installing LibreOffice failed: sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${PACKAGES} ended with exit code 100: E: Unable to locate package libreoffice-writer-nogui`,
      ),
    );
  });
});
