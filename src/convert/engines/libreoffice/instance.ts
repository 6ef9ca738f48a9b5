/**
 * One long-lived LibreOffice on one user profile, serving one conversion at a time: the start-up of a LibreOffice
 * is paid once per worker, not once per document. A document is handed to it in one of two ways:
 * - over UNO, by the project's Python helper (uno-bridge.ts), when the Python LibreOffice was built for is there:
 *   nothing is started per document;
 * - else by LibreOffice's own `soffice --convert-to` command on the same profile: that process finds the running
 *   instance through the profile's pipe, hands it the request, waits until the file is written, and exits. The
 *   instance then holds a hidden empty document open (without one, it quits after the first request it is handed).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatDuration } from '../../../common/duration.ts';
import type { Confinement } from './confinement.ts';
import { killGroup } from './kill-group.ts';
import { reasonSuffix } from './soffice.ts';
import { bridgeRequest, UnoBridge } from './uno-bridge.ts';

/** LibreOffice's pipes live in /tmp (its own choice, whatever TMPDIR says). */
const PIPE_FOLDER = '/tmp';
/** How often the start of an instance is checked for (the accept pipe appearing). */
const READY_POLL_MS = 25;
/** What LibreOffice printed is kept up to this many characters (the end, where the reason is). */
const MAX_OUTPUT_CHARS = 4_000;
/** A killed process group is waited on this long at most before the instance counts as gone anyway. */
const EXIT_WAIT_MS = 5_000;

export interface InstanceOptions {
  soffice: string;
  /** The worker's own profile: no other instance runs on it while this one lives. */
  profileDirectory: string;
  env: Readonly<Record<string, string>>;
  confinement: Confinement;
  /** The Python that drives LibreOffice over UNO (see uno-bridge.ts); undefined: hand documents over with soffice. */
  unoPython?: string | undefined;
}

export interface ConversionRequest {
  source: string;
  outputDirectory: string;
  convertTo: string;
  importFilter: string | undefined;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The options every soffice of this engine takes: no window, no restore, no first-start work. */
export function commonArguments(profileDirectory: string): string[] {
  return [
    `-env:UserInstallation=${pathToFileURL(profileDirectory).href}`,
    '--headless',
    '--invisible',
    '--norestore',
    '--nolockcheck',
    '--nologo',
    '--nofirststartwizard',
  ];
}

export class LibreOfficeInstance {
  readonly #options: InstanceOptions;
  readonly #acceptName = `convert-documents-${randomBytes(8).toString('hex')}`;
  readonly #server: ChildProcess;
  readonly #exited: Promise<Exit>;
  readonly #ready: Promise<void>;
  #exit: Exit | undefined;
  #output = '';
  #outputTotal = 0;
  #stopping = false;
  #bridge: UnoBridge | undefined;
  /** Milliseconds from the spawn to the instance taking requests; undefined until it does. */
  startupMs: number | undefined;

  constructor(options: InstanceOptions) {
    this.#options = options;
    const started = performance.now();
    const { command, args } = options.confinement.wrap(
      options.soffice,
      [
        ...commonArguments(options.profileDirectory),
        `--accept=pipe,name=${this.#acceptName};urp;`,
        ...(options.unoPython === undefined ? ['private:factory/swriter'] : []),
      ],
      options.env,
    );
    this.#server = spawn(command, args, {
      // Its own process group: stopping it stops oosplash, soffice.bin and anything they started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env,
    });
    this.#exited = new Promise((resolve) => {
      this.#server.on('error', (error) => {
        this.#keep(`could not start LibreOffice (${options.soffice}): ${error.message}\n`);
        this.#exit ??= { code: null, signal: null };
        resolve(this.#exit);
      });
      this.#server.on('close', (code, signal) => {
        this.#exit ??= { code, signal };
        killGroup(this.#server.pid);
        resolve(this.#exit);
      });
    });
    this.#server.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.#keep(chunk));
    this.#server.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.#keep(chunk));
    this.#ready = this.#waitUntilReady().then(() => {
      this.startupMs = performance.now() - started;
    });
    // A start that fails is reported by the conversion waiting on it.
    this.#ready.catch(() => {});
  }

  /** False once the instance ended or was stopped: the worker starts another. */
  get alive(): boolean {
    return this.#exit === undefined && !this.#stopping;
  }

  /**
   * Converts one document. Resolves with what LibreOffice printed meanwhile (its reason when no file appears);
   * rejects with a plain Error past `timeLimitMs` or when LibreOffice ends, and with the signal's reason when the
   * run's deadline fires. After a rejection the instance is stopped, its whole process group killed.
   */
  async convert(request: ConversionRequest, signal: AbortSignal, timeLimitMs: number): Promise<string> {
    signal.throwIfAborted();
    const ended = new AbortController();
    let stoppedBecause: Error | undefined;
    const stop = (reason: Error) => {
      stoppedBecause ??= reason;
      ended.abort();
    };
    const onAbort = () => stop(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    const limit = setTimeout(
      () =>
        stop(new Error(`LibreOffice did not finish within ${formatDuration(timeLimitMs)}; it was stopped`)),
      timeLimitMs,
    );
    const mark = this.#outputTotal;
    let client: Promise<Exit & { output: string }> | undefined;
    try {
      await Promise.race([this.#ready, this.#serverEnded(), aborted(ended.signal)]);
      if (stoppedBecause) throw stoppedBecause;
      client = this.#options.unoPython
        ? this.#overUno(request, this.#options.unoPython)
        : this.#runClient(request, ended.signal);
      const outcome = await Promise.race([client, this.#serverEnded(), aborted(ended.signal)]);
      if (stoppedBecause) throw stoppedBecause;
      const output = this.#outputSince(mark) + outcome.output;
      if (outcome.code === 0) return output;
      throw new Error(`LibreOffice ended with ${exitText(outcome)}${reasonSuffix(output)}`);
    } catch (error) {
      ended.abort();
      await this.stop();
      await client?.catch(() => undefined);
      throw stoppedBecause ?? error;
    } finally {
      clearTimeout(limit);
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Kills the instance's process group and removes its pipes from /tmp. Safe to call more than once. */
  async stop(): Promise<void> {
    this.#stopping = true;
    killGroup(this.#server.pid);
    this.#bridge?.stop();
    await Promise.race([this.#exited, new Promise((resolve) => setTimeout(resolve, EXIT_WAIT_MS).unref())]);
    await Promise.all(this.#pipes().map((pipe) => rm(pipe, { force: true })));
  }

  async #waitUntilReady(): Promise<void> {
    const acceptPipe = this.#pipes()[0] as string;
    for (;;) {
      // An instance that ended before it was ready fails the conversion waiting on it, with LibreOffice's reason.
      if (this.#exit !== undefined || this.#stopping) await this.#serverEnded();
      try {
        await access(acceptPipe);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
      }
    }
  }

  /** Rejects when the instance ends: a crash, or a start that failed. */
  async #serverEnded(): Promise<never> {
    const exit = await this.#exited;
    const output = this.#output;
    throw new Error(
      this.#stopping
        ? 'LibreOffice was stopped'
        : `LibreOffice ended with ${exitText(exit)} while converting it${reasonSuffix(output)}`,
    );
  }

  /**
   * Converts over the instance's UNO bridge, started with the first document. LibreOffice's complaint becomes the
   * output the engine reads a reason from. A helper that ends (LibreOffice went away under it) rejects: the
   * instance is then stopped and the worker starts afresh.
   */
  async #overUno(request: ConversionRequest, python: string): Promise<Exit & { output: string }> {
    this.#bridge ??= new UnoBridge(python, this.#acceptName, this.#options.env, this.#options.confinement);
    try {
      const answer = await this.#bridge.convert(
        bridgeRequest(request.source, request.outputDirectory, request.convertTo, request.importFilter),
      );
      return {
        code: 0,
        signal: null,
        output: answer.ok ? '' : `Error: ${answer.error ?? 'no reason given'}`,
      };
    } catch (error) {
      // When LibreOffice itself ended, its exit is the reason: give its close a moment to be seen.
      await Promise.race([this.#exited, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
      if (this.#exit !== undefined) await this.#serverEnded();
      throw error;
    }
  }

  #runClient(request: ConversionRequest, ended: AbortSignal): Promise<Exit & { output: string }> {
    const { command, args } = this.#options.confinement.wrap(
      this.#options.soffice,
      [
        ...commonArguments(this.#options.profileDirectory),
        ...(request.importFilter ? [`--infilter=${request.importFilter}`] : []),
        '--convert-to',
        request.convertTo,
        '--outdir',
        request.outputDirectory,
        request.source,
      ],
      this.#options.env,
    );
    return new Promise((resolve) => {
      const child = spawn(command, args, {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: this.#options.env,
      });
      let output = '';
      const keep = (chunk: string) => {
        output = (output + chunk).slice(-MAX_OUTPUT_CHARS);
      };
      child.stdout.setEncoding('utf8').on('data', keep);
      child.stderr.setEncoding('utf8').on('data', keep);
      const kill = () => killGroup(child.pid);
      ended.addEventListener('abort', kill, { once: true });
      child.on('error', (error) => {
        ended.removeEventListener('abort', kill);
        resolve({
          code: null,
          signal: null,
          output: `${output}could not start LibreOffice: ${error.message}`,
        });
      });
      child.on('close', (code, signal) => {
        ended.removeEventListener('abort', kill);
        kill();
        resolve({ code, signal, output });
      });
    });
  }

  #keep(chunk: string): void {
    this.#output = (this.#output + chunk).slice(-MAX_OUTPUT_CHARS);
    this.#outputTotal += chunk.length;
  }

  #outputSince(mark: number): string {
    const count = Math.min(this.#outputTotal - mark, this.#output.length);
    return count > 0 ? this.#output.slice(-count) : '';
  }

  /** The accept pipe this engine asked for, and the profile's own pipe (named by a hash of the profile's URL). */
  #pipes(): string[] {
    const uid = this.#options.confinement.pipeUid;
    const url = pathToFileURL(this.#options.profileDirectory).href;
    const digest = createHash('md5').update(Buffer.from(url, 'utf16le')).digest();
    const hash = [...digest].map((byte) => byte.toString(16)).join('');
    return [
      path.join(PIPE_FOLDER, `OSL_PIPE_${uid}_${this.#acceptName}`),
      path.join(PIPE_FOLDER, `OSL_PIPE_${uid}_SingleOfficeIPC_${hash}`),
    ];
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new Error('stopped'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'stopped'));
}

function exitText(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}
