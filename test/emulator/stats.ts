/** Counters behind Emulator.stats(). */
import type { EmulatorStats, LoggedRequest, OperationStats, RequestKind } from './types.ts';

const kinds: RequestKind[] = [
  'token',
  'upload',
  'download',
  'deleteFile',
  'deleteFolder',
  'exists',
  'start',
  'status',
  'directStart',
  'directResult',
  'formats',
  'other',
];

export class StatsRecorder {
  #stats: EmulatorStats = emptyStats();

  /** Returns the request's log entry, which countFault marks. */
  countRequest(kind: RequestKind, method: string, target: string): LoggedRequest {
    this.#stats.requests[kind]++;
    this.#stats.totalRequests++;
    const entry: LoggedRequest = { kind, method, target, at: performance.now() };
    this.#stats.log.push(entry);
    return entry;
  }

  countFault(fault: '429' | '5xx' | 'drop', request: LoggedRequest): void {
    this.#stats.faultsInjected[fault]++;
    request.fault = fault;
  }

  /** The returned object stays live: the conversion updates it as the operation moves on. */
  addOperation(operation: OperationStats): void {
    this.#stats.operations.push(operation);
  }

  noteRunning(running: number): void {
    this.#stats.peakConversions = Math.max(this.#stats.peakConversions, running);
  }

  addToken(token: string): void {
    this.#stats.tokensIssued.push(token);
  }

  snapshot(): EmulatorStats {
    return structuredClone(this.#stats);
  }

  reset(runningNow: number): void {
    this.#stats = emptyStats();
    this.#stats.peakConversions = runningNow;
  }
}

function emptyStats(): EmulatorStats {
  return {
    requests: Object.fromEntries(kinds.map((kind) => [kind, 0])) as Record<RequestKind, number>,
    log: [],
    totalRequests: 0,
    faultsInjected: { '429': 0, '5xx': 0, drop: 0 },
    peakConversions: 0,
    operations: [],
    tokensIssued: [],
  };
}
