/**
 * Handing documents to a running LibreOffice over UNO: a Python helper of the project's own (uno_bridge.py, shipped
 * in dist/) per LibreOffice, connected to its accept pipe, converting one document per request. A document then
 * costs a load and a store inside the running LibreOffice, with no process started for it. The helper needs the
 * Python LibreOffice's UNO module was built for (Debian's `python3-uno`, or an official build's own `program/python`).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Confinement } from './confinement.ts';
import { killGroup } from './kill-group.ts';

/** The helper's file in the bundle's folder (copied there by the build). */
const BUNDLED_SCRIPT = 'uno_bridge.py';
/** The Python of distributions' packages: python3-uno puts `uno.py` on its path and `pyuno.so` beside soffice. */
const SYSTEM_PYTHON = '/usr/bin/python3';
/** What the helper printed on stderr is kept up to this many characters (the end, where the reason is). */
const MAX_OUTPUT_CHARS = 4_000;
/** A probe of a Python for the UNO module gets this long. */
const PROBE_TIMEOUT_MS = 15_000;

export function bridgeScript(): string {
  const here = import.meta.url;
  // Run from the sources (tests, bench), the helper is the file beside this one.
  return fileURLToPath(
    here.endsWith('.ts') ? new URL('./uno_bridge.py', here) : new URL(BUNDLED_SCRIPT, here),
  );
}

/**
 * The Python that can drive this soffice over UNO, or undefined. The candidates are judged by the folder soffice
 * really lives in: an official build's own `python`, else the system's Python where `python3-uno` put `pyuno.so`
 * into that folder. Each is asked to import `uno` before it is chosen.
 */
export async function findUnoPython(
  soffice: string,
  env: Readonly<Record<string, string>>,
): Promise<string | undefined> {
  let programFolder: string;
  try {
    programFolder = path.dirname(realpathSync(soffice));
  } catch {
    return undefined;
  }
  const candidates = [path.join(programFolder, 'python')];
  if (existsSync(path.join(programFolder, 'pyuno.so'))) candidates.push(SYSTEM_PYTHON);
  for (const candidate of candidates) {
    if (existsSync(candidate) && (await importsUno(candidate, env))) return candidate;
  }
  return undefined;
}

function importsUno(python: string, env: Readonly<Record<string, string>>): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import uno'], { env, timeout: PROBE_TIMEOUT_MS }, (error) =>
      resolve(error === null),
    );
  });
}

/** What one conversion asks of LibreOffice, in the helper's terms. */
export interface BridgeRequest {
  source: string;
  output: string;
  importFilter: string | null;
  importOptions: string | null;
  exportFilter: string;
  exportOptions: string | null;
}

/** `Filter name:options` as `soffice --infilter` reads it: the options are whatever follows the first colon. */
export function filterAndOptions(value: string): { filter: string; options: string | null } {
  const colon = value.indexOf(':');
  return colon < 0
    ? { filter: value, options: null }
    : { filter: value.slice(0, colon), options: value.slice(colon + 1) };
}

/**
 * The request for what `soffice --convert-to <convertTo> --outdir <folder> [--infilter=<importFilter>] <source>`
 * would do: the output is named as soffice names it, the source's name with its last extension replaced.
 */
export function bridgeRequest(
  source: string,
  outputDirectory: string,
  convertTo: string,
  importFilter: string | undefined,
): BridgeRequest {
  const colon = convertTo.indexOf(':');
  const extension = colon < 0 ? convertTo : convertTo.slice(0, colon);
  const exported = filterAndOptions(colon < 0 ? '' : convertTo.slice(colon + 1));
  const imported = importFilter === undefined ? undefined : filterAndOptions(importFilter);
  const stem = path.basename(source, path.extname(source));
  return {
    source,
    output: path.join(outputDirectory, `${stem}.${extension}`),
    importFilter: imported?.filter ?? null,
    importOptions: imported?.options ?? null,
    exportFilter: exported.filter,
    exportOptions: exported.options,
  };
}

export interface BridgeAnswer {
  ok: boolean;
  error?: string;
}

/** One helper process connected to one LibreOffice; one request at a time. */
export class UnoBridge {
  readonly #process: ChildProcess;
  readonly #answers: ((answer: BridgeAnswer | Error) => void)[] = [];
  readonly #ready: Promise<void>;
  #ended: Error | undefined;
  #errors = '';

  constructor(
    python: string,
    pipeName: string,
    env: Readonly<Record<string, string>>,
    confinement: Confinement,
  ) {
    const { command, args } = confinement.wrap(python, [bridgeScript(), pipeName], env);
    // Its own process group, like LibreOffice's: stopping the instance kills both.
    this.#process = spawn(command, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env });
    this.#process.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.#errors = (this.#errors + chunk).slice(-MAX_OUTPUT_CHARS);
    });
    // A write to a helper that just died fails here; the 'close' below reports why.
    this.#process.stdin?.on('error', () => {});
    let readyLine: (() => void) | undefined;
    this.#ready = new Promise<void>((resolve) => {
      readyLine = resolve;
    });
    const lines = createInterface({ input: this.#process.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      let message: { ready?: boolean } & Partial<BridgeAnswer>;
      try {
        message = JSON.parse(line);
      } catch {
        return;
      }
      if (message.ready) readyLine?.();
      else
        this.#answers.shift()?.({
          ok: message.ok === true,
          ...(message.error ? { error: message.error } : {}),
        });
    });
    const end = (why: string) => {
      this.#ended ??= new Error(
        `the UNO helper ended (${why})${this.#errors ? `: ${this.#errors.trim()}` : ''}`,
      );
      for (const waiting of this.#answers.splice(0)) waiting(this.#ended);
    };
    this.#process.on('error', (error) => end(error.message));
    this.#process.on('close', (code, signal) => {
      killGroup(this.#process.pid);
      end(signal ? `signal ${signal}` : `exit code ${code}`);
    });
    this.#ready.catch(() => {});
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** Converts one document; rejects when the helper ends first (its reason included). */
  async convert(request: BridgeRequest): Promise<BridgeAnswer> {
    const answer = new Promise<BridgeAnswer | Error>((resolve) => {
      if (this.#ended) resolve(this.#ended);
      else this.#answers.push(resolve);
    });
    await Promise.race([this.#ready, answer]);
    this.#process.stdin?.write(`${JSON.stringify(request)}\n`);
    const result = await answer;
    if (result instanceof Error) throw result;
    return result;
  }

  stop(): void {
    killGroup(this.#process.pid);
  }
}
