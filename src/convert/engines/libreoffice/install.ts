/**
 * Where `soffice` comes from: the runner's PATH, or, on a GitHub-hosted Linux runner that lacks it, the action's
 * own `sudo apt-get install` of the -nogui Writer, Calc and Impress packages (no set-up step for the user). A
 * self-hosted runner is never changed, and `install-libreoffice: false` turns the install off.
 */
import { spawn } from 'node:child_process';
import { formatDuration } from '../../../common/duration.ts';
import { findSoffice, LIBREOFFICE_PACKAGES } from './soffice.ts';

/** What apt printed is kept up to this many characters (the end, where its error is). */
const MAX_OUTPUT_CHARS = 2_000;

export interface SofficeSource {
  /** The runner's PATH. */
  searchPath: string;
  /** RUNNER_ENVIRONMENT: `github-hosted`, `self-hosted`, or empty outside a runner. */
  runnerKind: string;
  /** The `install-libreoffice` input. */
  install: boolean;
  /** The environment the install commands run with (no credential). */
  env: Readonly<Record<string, string>>;
}

/** The installer, run when the engine starts (so the install counts within the run's deadline). */
export type SofficeInstaller = (signal: AbortSignal, log: (line: string) => void) => Promise<string>;

/**
 * `soffice` on PATH, or an installer for it. Throws an Error naming the packages when it is missing and may not
 * be installed here.
 */
export function locateSoffice(source: SofficeSource): { soffice: string } | { install: SofficeInstaller } {
  const soffice = findSoffice(source.searchPath);
  if (soffice !== undefined) return { soffice };
  const missing =
    'Input "engine" is "libreoffice" but LibreOffice (soffice) is not installed on this runner.';
  const how = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${LIBREOFFICE_PACKAGES}`;
  if (!source.install) {
    throw new Error(`${missing} install-libreoffice is false: install it in a step before this one: ${how}`);
  }
  if (source.runnerKind !== 'github-hosted') {
    throw new Error(
      `${missing} The action installs it only on GitHub-hosted runners and changes nothing on this one ` +
        `(RUNNER_ENVIRONMENT is ${source.runnerKind === '' ? 'not set' : `"${source.runnerKind}"`}): install it in a step before this one: ${how}`,
    );
  }
  return { install: (signal, log) => installLibreOffice(source, signal, log) };
}

/** The commands the install runs, in order. */
export function installCommands(): string[][] {
  return [
    ['sudo', '-n', 'apt-get', 'update', '-qq'],
    [
      'sudo',
      '-n',
      'env',
      'DEBIAN_FRONTEND=noninteractive',
      'apt-get',
      'install',
      '-y',
      '-qq',
      '--no-install-recommends',
      ...LIBREOFFICE_PACKAGES.split(' '),
    ],
  ];
}

async function installLibreOffice(
  source: SofficeSource,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<string> {
  const started = performance.now();
  log(`LibreOffice is not installed on this GitHub-hosted runner: installing ${LIBREOFFICE_PACKAGES}.`);
  for (const command of installCommands()) {
    log(command.join(' '));
    await run(command, source.env, signal);
  }
  const soffice = findSoffice(source.searchPath) ?? findSoffice('/usr/bin:/usr/local/bin');
  if (soffice === undefined) {
    throw new Error(`LibreOffice was installed (${LIBREOFFICE_PACKAGES}) but soffice is still not on PATH`);
  }
  log(`Installed LibreOffice in ${formatDuration(performance.now() - started)} (${soffice}).`);
  return soffice;
}

function run(command: readonly string[], env: Readonly<Record<string, string>>, signal: AbortSignal) {
  signal.throwIfAborted();
  const [program, ...args] = command;
  return new Promise<void>((resolve, reject) => {
    const child = spawn(program as string, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: string) => {
      output = (output + chunk).slice(-MAX_OUTPUT_CHARS);
    };
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    // sudo passes the signal on to apt-get.
    const stop = () => child.kill('SIGTERM');
    signal.addEventListener('abort', stop, { once: true });
    child.on('error', (error) => {
      signal.removeEventListener('abort', stop);
      reject(new Error(`installing LibreOffice failed: could not run ${program}: ${error.message}`));
    });
    child.on('close', (code, exitSignal) => {
      signal.removeEventListener('abort', stop);
      if (signal.aborted) reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
      else if (code === 0) resolve();
      else {
        const said = output.trim().split('\n').slice(-3).join('; ').replace(/::/g, ': :');
        reject(
          new Error(
            `installing LibreOffice failed: ${command.join(' ')} ended with ${exitSignal ? `signal ${exitSignal}` : `exit code ${code}`}${said === '' ? '' : `: ${said}`}`,
          ),
        );
      }
    });
  });
}
