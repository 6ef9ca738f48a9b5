import type { ConversionJob } from '../../plan/types.ts';

/** One file the service produced for a job, as the service named it (untrusted). */
export interface RemoteOutput {
  name: string;
  /** Storage key to download it from; '' when the service gave only a `url`. */
  path: string;
  /** Where else the service says it is (a storage key, `<storage>:<key>` or a URL), for a result without `path`. */
  url?: string;
  size: number;
}

export type OperationState =
  | { state: 'pending' }
  | {
      state: 'finished';
      outputs: readonly RemoteOutput[];
      /** Server-side time from the start call to the finished state, when the service reports it. */
      durationMs?: number;
    }
  | { state: 'failed'; error: string };

/**
 * What the scheduler needs from a conversion service. Every call takes the run's AbortSignal and must stop
 * promptly when it fires. Errors are thrown; the scheduler turns them into a failed JobResult.
 */
export interface ConversionEngine {
  /**
   * Set-up before the first conversion, within the run's deadline (installing LibreOffice on a runner without it).
   * A rejection fails every document with its message.
   */
  prepare?(signal: AbortSignal): Promise<void>;
  /** Source extension → target formats the service supports. Called once per run. */
  supportedTargets(signal: AbortSignal): Promise<ReadonlyMap<string, readonly string[]>>;
  /** Upload the job's source (once per source, shared by its jobs) and start the conversion. Returns an operation id. */
  submit(job: ConversionJob, signal: AbortSignal): Promise<string>;
  /** One status check. */
  check(operationId: string, signal: AbortSignal): Promise<OperationState>;
  /**
   * For engines that learn of the end themselves (a process on the runner): resolves with the final state, and
   * the scheduler waits on it instead of polling `check`. Engines behind a remote service leave it out.
   */
  settled?(operationId: string, signal: AbortSignal): Promise<OperationState>;
  /** Download the outputs into job.outputDirectory; returns the absolute paths written. Rejects names that would leave it. */
  collect(job: ConversionJob, outputs: readonly RemoteOutput[], signal: AbortSignal): Promise<string[]>;
  /** Delete everything this run put on the service. Resolves false when there was nothing to delete. */
  cleanup(signal: AbortSignal): Promise<boolean>;
  /**
   * Lines for the job summary about documents that converted with something left out (remote images a browser did
   * not fetch), untrusted text inside. Engines with nothing to say leave it out.
   */
  notices?(): readonly string[];
  /**
   * Where the time went, one report per program run on the runner (engine local may run two); none before any
   * conversion.
   */
  reports?(): readonly EngineReport[];
}

/**
 * A failure no later call of this run can escape, such as rejected credentials: the run stops starting
 * documents and reports this one reason for all that are left, instead of failing each the same way.
 */
export class ServiceUnusableError extends Error {
  override name = 'ServiceUnusableError';
}

/**
 * Where an engine's time went, for the job summary's line per engine: engines that run processes on the runner
 * (LibreOffice, a browser) report them; a remote service reports none.
 */
export interface EngineReport {
  /** As the summary names it, e.g. `LibreOffice`. */
  engine: string;
  /** Conversions that ended (converted or failed) on this engine. */
  documents: number;
  /** From the first conversion's start to the last one's end. */
  wallMs: number;
  /** Processes the engine started (a long-lived one per worker, plus restarts after a hang or crash). */
  processStarts: number;
  /** Time those processes took to start, summed over them (workers start side by side, so it can pass wallMs). */
  startupMs: number;
}
