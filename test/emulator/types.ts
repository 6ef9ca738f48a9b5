/** Public shape of the GroupDocs.Conversion Cloud emulator used by e2e tests, the demo and the benchmark. */

export interface ConversionTiming {
  /** Fixed part of every conversion, ms. Default 50. */
  fixedMs?: number;
  /** Extra ms per KiB of input. Default 0. */
  perKbMs?: number;
  /** Extra uniform[0, jitterMs) ms drawn from the seeded PRNG. Default 0. */
  jitterMs?: number;
}

export interface FaultOptions {
  /** Share (0..1) of requests answered 429 with a Retry-After header. */
  rate429?: number;
  /** Value of Retry-After on injected 429s, seconds. Default 1. */
  retryAfterSeconds?: number;
  /** Share (0..1) of requests answered with a 5xx error body. */
  rate5xx?: number;
  /** Status used for injected 5xx answers. Default 503. */
  status5xx?: number;
  /** Share (0..1) of requests whose socket is destroyed without any answer. */
  rateDrop?: number;
  /**
   * The next N requests of a kind are answered 429 with Retry-After, whatever the rates draw: a test knows exactly
   * which requests were throttled. Counted down as they are answered.
   */
  throttle?: Partial<Record<RequestKind, number>>;
}

/**
 * Which of the answer shapes the service documents the emulator gives (test/emulator/CONFORMANCE.md). Default: each
 * result with `path` and a storage-prefixed `url`, statuses by name, the start's id as a JSON string.
 */
export interface AnswerForms {
  /** Results without `path`, as in some of the documentation's examples: only `url` says where each is. */
  omitPath?: boolean;
  /**
   * What a stored result's `url` holds: `<storage>:<key>` (default; `Storage:` for the default storage), the bare
   * storage key, or a full URL of the storage download route built from the request's own origin (the emulator
   * serves http on 127.0.0.1, so this is how "an https URL on the configured API host" is tested).
   */
  url?: 'storage-prefixed' | 'key' | 'full';
  /** Full URLs on this origin instead of the request's own: results said to be on another host. */
  urlOrigin?: string;
  /** `status` as its number in the Python SDK's order: 0 Created, 1 Started, 2 Failed, 3 Canceled, 4 Finished. */
  numericStatus?: boolean;
  /** The async start answers its operation id as bare text (`text/plain`), not as a JSON string. */
  bareTextIds?: boolean;
}

export interface EmulatorOptions {
  /** Answer shapes among those the service documents (default: the usual one). Live, like every option. */
  answers?: AnswerForms;
  /** Default 0 (ephemeral). The host is always 127.0.0.1. */
  port?: number;
  /** Default: a fresh temp dir, removed on close. A given dir is kept. */
  storageDir?: string;
  /** Accepted credentials. Defaults 'emulator-client-id' / 'emulator-client-secret'. */
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of issued tokens. Default 3600. */
  tokenLifetimeSeconds?: number;
  conversion?: ConversionTiming;
  /** Operations converting at once; the rest wait in Created, first in first out. Default 8. */
  capacity?: number;
  /** Pages produced for image targets. Default 3. */
  pages?: number;
  /** Every output = its usual content followed by the full input bytes (streamed). */
  largeOutputs?: boolean;
  faults?: FaultOptions;
  /** PRNG seed for jitter and faults. Default 1. */
  seed?: number;
  /** Wall clock (epoch ms) used only for token iat/exp and the expiry check. Default Date.now. */
  now?: () => number;
  /** Called with one line per answered request (method, path, status, ms). Never receives headers or tokens. */
  log?: (line: string) => void;
}

export type RequestKind =
  | 'token'
  | 'upload'
  | 'download'
  | 'deleteFile'
  | 'deleteFolder'
  | 'exists'
  | 'start'
  | 'status'
  | 'directStart'
  | 'directResult'
  | 'formats'
  | 'other';

export interface OperationStats {
  id: string;
  filePath: string;
  format: string;
  inputBytes: number;
  /** performance.now() of the emulator process (monotonic ms). */
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  status: string;
  /** Simulated conversion time drawn for this operation, ms. */
  workMs: number;
  /** ConvertSettings.fontsPath, when the request named a fonts folder (checked to exist in storage). */
  fontsPath?: string;
}

/** One request as the emulator received it. */
export interface LoggedRequest {
  kind: RequestKind;
  method: string;
  /** Path and query as sent. */
  target: string;
  /** performance.now() of the emulator process when the request arrived (monotonic ms). */
  at: number;
  /** The fault injected instead of an answer, if any. */
  fault?: '429' | '5xx' | 'drop';
}

export interface EmulatorStats {
  requests: Record<RequestKind, number>;
  /** Every counted request in arrival order, so tests can check what a client did between two of them. */
  log: LoggedRequest[];
  totalRequests: number;
  faultsInjected: { '429': number; '5xx': number; drop: number };
  /** Most operations in Started at the same time. */
  peakConversions: number;
  operations: OperationStats[];
  /** Every access token issued, so tests can check none leaks into logs. */
  tokensIssued: string[];
}

export interface Emulator {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  /** The directory actually used (see the layout in storage.ts). */
  storageDir: string;
  /** Live options: changes apply to the next request or operation. */
  options: EmulatorOptions;
  stats(): EmulatorStats;
  resetStats(): void;
  /** Storage keys ('/'-separated) of files at or below the folder `prefix`, sorted. */
  listStorage(prefix?: string, storageName?: string): Promise<string[]>;
  close(): Promise<void>;
}
