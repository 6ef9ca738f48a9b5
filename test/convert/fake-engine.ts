import {
  type ConversionEngine,
  type OperationState,
  type RemoteOutput,
  ServiceUnusableError,
} from '../../src/convert/engines/engine.ts';
import type { ConversionJob } from '../../src/plan/types.ts';

export interface FakeBehaviour {
  /** How long the conversion takes, by the job's source name. */
  durationMs?: (job: ConversionJob) => number;
  /** 'fail' → the operation fails; 'hang' → never finishes; 'throw' → submit throws. */
  outcome?: (job: ConversionJob) => 'ok' | 'fail' | 'hang' | 'throw' | 'unusable';
}

/** An in-process engine whose conversions take real (tiny) time; it records what the scheduler did to it. */
export class FakeEngine implements ConversionEngine {
  inFlight = 0;
  peakInFlight = 0;
  checks = 0;
  submits = 0;
  readonly checksByJob = new Map<string, number>();
  readonly #operations = new Map<string, { job: ConversionJob; doneAt: number; outcome: string }>();
  readonly #behaviour: FakeBehaviour;

  constructor(behaviour: FakeBehaviour = {}) {
    this.#behaviour = behaviour;
  }

  async supportedTargets(): Promise<ReadonlyMap<string, readonly string[]>> {
    return new Map([['docx', ['pdf', 'html']]]);
  }

  async submit(job: ConversionJob, signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    const outcome = this.#behaviour.outcome?.(job) ?? 'ok';
    this.submits++;
    if (outcome === 'throw' || outcome === 'unusable') {
      this.inFlight--;
      if (outcome === 'unusable')
        throw new ServiceUnusableError('the service rejected the client credentials');
      throw new Error(`upload of ${job.source.workspacePath} failed: HTTP 400`);
    }
    const id = `op-${job.id}`;
    const doneAt = performance.now() + (this.#behaviour.durationMs?.(job) ?? 5);
    this.#operations.set(id, { job, doneAt, outcome });
    return id;
  }

  async check(operationId: string, signal: AbortSignal): Promise<OperationState> {
    signal.throwIfAborted();
    this.checks++;
    const op = this.#operations.get(operationId);
    if (!op) throw new Error('Operation not found');
    this.checksByJob.set(op.job.id, (this.checksByJob.get(op.job.id) ?? 0) + 1);
    if (op.outcome === 'hang' || performance.now() < op.doneAt) return { state: 'pending' };
    if (op.outcome === 'fail') {
      this.inFlight--;
      return { state: 'failed', error: 'Document is corrupted' };
    }
    return {
      state: 'finished',
      outputs: [{ name: `${op.job.source.stem}.${op.job.format}`, path: 'x', size: 1 }],
    };
  }

  async collect(job: ConversionJob, outputs: readonly RemoteOutput[]): Promise<string[]> {
    this.inFlight--;
    return outputs.map((o) => `${job.outputDirectory}/${o.name}`);
  }

  async cleanup(): Promise<boolean> {
    return true;
  }
}

export function fakeJob(index: number, name: string, sizeBytes = 1000, format = 'pdf'): ConversionJob {
  const stem = name.replace(/\.[^.]*$/, '');
  return {
    id: `${index}-${format}`,
    documentIndex: index,
    format,
    outputDirectory: '/out',
    expectedOutput: `converted/${stem}.${format}`,
    source: {
      absolutePath: `/ws/${name}`,
      workspacePath: name,
      outputSubdir: '',
      stem,
      extension: name.split('.').pop() ?? '',
      sizeBytes,
    },
  };
}
