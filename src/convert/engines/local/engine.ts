/**
 * `engine: local`: each source goes to the program on the runner that reads it (see routes.ts). Each engine is
 * created on the first document it gets, so a run without Markdown never starts a browser, and one with only
 * Markdown never looks at LibreOffice.
 */
import type { ConversionJob } from '../../../plan/types.ts';
import { browserTargets } from '../browser/formats.ts';
import type { ConversionEngine, EngineReport, OperationState, RemoteOutput } from '../engine.ts';
import { libreOfficeTargets } from '../libreoffice/formats.ts';
import { type LocalProgram, programFor } from './routes.ts';

export type EngineFactories = Readonly<Partial<Record<LocalProgram, () => ConversionEngine>>>;

export class LocalEngine implements ConversionEngine {
  readonly #factories: EngineFactories;
  readonly #engines = new Map<LocalProgram, ConversionEngine>();
  readonly #byOperation = new Map<string, ConversionEngine>();

  /** `factories`: the engines this run may need (a program the plan does not need has none). */
  constructor(factories: EngineFactories) {
    this.#factories = factories;
  }

  /** The browser's table for Markdown and HTML, LibreOffice's for the rest. */
  async supportedTargets(): Promise<ReadonlyMap<string, readonly string[]>> {
    const table = new Map(libreOfficeTargets());
    for (const [source, targets] of browserTargets()) table.set(source, targets);
    return table;
  }

  async submit(job: ConversionJob, signal: AbortSignal): Promise<string> {
    const engine = this.#engineFor(programFor(job.source.extension));
    const operationId = await engine.submit(job, signal);
    this.#byOperation.set(operationId, engine);
    return operationId;
  }

  check(operationId: string, signal: AbortSignal): Promise<OperationState> {
    return this.#engineOf(operationId).check(operationId, signal);
  }

  settled(operationId: string, signal: AbortSignal): Promise<OperationState> {
    const engine = this.#engineOf(operationId);
    return engine.settled ? engine.settled(operationId, signal) : engine.check(operationId, signal);
  }

  collect(job: ConversionJob, outputs: readonly RemoteOutput[], signal: AbortSignal): Promise<string[]> {
    return this.#engineFor(programFor(job.source.extension)).collect(job, outputs, signal);
  }

  async cleanup(signal: AbortSignal): Promise<boolean> {
    const results = await Promise.allSettled(
      [...this.#engines.values()].map((engine) => engine.cleanup(signal)),
    );
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return false;
  }

  notices(): readonly string[] {
    return [...this.#engines.values()].flatMap((engine) => engine.notices?.() ?? []);
  }

  /** A line per program that ran: the browser's, LibreOffice's or both. */
  reports(): EngineReport[] {
    return [...this.#engines.values()].flatMap((engine) => engine.reports?.() ?? []);
  }

  #engineFor(program: LocalProgram): ConversionEngine {
    let engine = this.#engines.get(program);
    if (engine === undefined) {
      const create = this.#factories[program];
      if (create === undefined) throw new Error(`no ${program} was prepared for this run`);
      engine = create();
      this.#engines.set(program, engine);
    }
    return engine;
  }

  #engineOf(operationId: string): ConversionEngine {
    const engine = this.#byOperation.get(operationId);
    if (engine === undefined) throw new Error(`no conversion ${operationId} was started`);
    return engine;
  }
}
