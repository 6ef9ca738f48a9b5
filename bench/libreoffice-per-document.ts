/**
 * The bench's baseline: how the engine converted before issue 18, one `soffice --headless --convert-to` process per
 * document (started in its own process group, killed with it when stopped). Kept here to measure against.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { formatDuration } from '../src/common/duration.ts';
import { reasonSuffix } from '../src/convert/engines/libreoffice/soffice.ts';

const MAX_OUTPUT_CHARS = 4_000;

export interface SofficeRun {
  soffice: string;
  /** The worker's own user profile folder: two processes never share one. */
  profileDirectory: string;
  source: string;
  outputDirectory: string;
  convertTo: string;
  importFilter: string | undefined;
  /** Extra environment, e.g. FONTCONFIG_FILE. */
  env: Readonly<Record<string, string>>;
  /** Fires on the run's deadline; the process group is killed and the promise rejects with the signal's reason. */
  signal: AbortSignal;
  /** The per-document limit: past it the process group is killed and the promise rejects with a plain Error. */
  timeLimitMs: number;
}

/** Runs one conversion; resolves with LibreOffice's own output (its messages), rejects if it could not finish. */
export function runSoffice(run: SofficeRun): Promise<string> {
  run.signal.throwIfAborted();
  const args = [
    `-env:UserInstallation=${pathToFileURL(run.profileDirectory).href}`,
    '--headless',
    '--invisible',
    '--norestore',
    '--nolockcheck',
    '--nodefault',
    '--nologo',
    '--nofirststartwizard',
    ...(run.importFilter ? [`--infilter=${run.importFilter}`] : []),
    '--convert-to',
    run.convertTo,
    '--outdir',
    run.outputDirectory,
    run.source,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(run.soffice, args, {
      // Its own process group, so that stopping it also stops soffice.bin and anything it started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...run.env },
    });
    let output = '';
    const keep = (chunk: string) => {
      output = (output + chunk).slice(-MAX_OUTPUT_CHARS);
    };
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);

    let stoppedBecause: Error | undefined;
    const stop = (reason: Error) => {
      stoppedBecause ??= reason;
      killGroup(child.pid);
    };
    const onAbort = () => stop(abortReason(run.signal));
    run.signal.addEventListener('abort', onAbort, { once: true });
    const limit = setTimeout(
      () =>
        stop(
          new Error(`LibreOffice did not finish within ${formatDuration(run.timeLimitMs)}; it was stopped`),
        ),
      run.timeLimitMs,
    );

    child.on('error', (error) => {
      clearTimeout(limit);
      run.signal.removeEventListener('abort', onAbort);
      reject(new Error(`could not start LibreOffice (${run.soffice}): ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      run.signal.removeEventListener('abort', onAbort);
      // Whatever the leader did, nothing of this conversion may outlive it.
      killGroup(child.pid);
      if (stoppedBecause) reject(stoppedBecause);
      else if (code === 0) resolve(output);
      else
        reject(
          new Error(
            `LibreOffice ended with ${signal ? `signal ${signal}` : `exit code ${code}`}${reasonSuffix(output)}`,
          ),
        );
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'stopped'));
}
