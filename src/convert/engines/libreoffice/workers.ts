/**
 * The engine's workers: each owns one user profile and at most one live LibreOffice on it, so two conversions in
 * flight never share a profile. A worker whose LibreOffice hung, crashed or was stopped starts a fresh one (same
 * profile, the old process group already killed) for its next document. There are at most `maxWorkers`: past the
 * runner's cores, more LibreOffices only compete for them (bench/results.md: 4 workers on 2 cores were slower than
 * 2, with 1.8× the memory), so a document waits for a free one instead.
 */
import type { Confinement } from './confinement.ts';
import { type InstanceOptions, LibreOfficeInstance } from './instance.ts';
import type { ProfilePool } from './profiles.ts';

export interface WorkersOptions {
  soffice: string;
  profiles: ProfilePool;
  confinement: Confinement;
  /** The environment of the LibreOffice on this profile. */
  envFor: (profileDirectory: string) => Promise<Readonly<Record<string, string>>>;
  /** Made for tests: how an instance is started. */
  startInstance?: (options: InstanceOptions) => LibreOfficeInstance;
  /** At most this many LibreOffices at once; undefined: one per document in flight. */
  maxWorkers?: number | undefined;
  /** The Python that hands documents over UNO; undefined: soffice hands each one over. */
  unoPython?: string | undefined;
}

interface Worker {
  profile: string;
  instance: LibreOfficeInstance | undefined;
}

export class LibreOfficeWorkers {
  readonly #options: WorkersOptions;
  readonly #free: Worker[] = [];
  readonly #all = new Set<Worker>();
  readonly #started: LibreOfficeInstance[] = [];
  /** Workers made or being made (a profile is acquired asynchronously): what maxWorkers counts. */
  #made = 0;
  /** Documents waiting for a worker, first come first served. */
  readonly #waiting: ((worker: Worker) => void)[] = [];

  constructor(options: WorkersOptions) {
    this.#options = options;
  }

  /**
   * Runs `use` on a LibreOffice no other conversion is using, started for it when there is none alive. When every
   * worker is busy and no more may be made, waits for one; `signal` (the run's deadline) ends the wait.
   */
  async withInstance<T>(
    use: (instance: LibreOfficeInstance) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const worker = await this.#takeWorker(signal);
    try {
      if (!worker.instance?.alive) {
        const options: InstanceOptions = {
          soffice: this.#options.soffice,
          profileDirectory: worker.profile,
          env: await this.#options.envFor(worker.profile),
          confinement: this.#options.confinement,
          unoPython: this.#options.unoPython,
        };
        worker.instance = (this.#options.startInstance ?? ((o) => new LibreOfficeInstance(o)))(options);
        this.#started.push(worker.instance);
      }
      return await use(worker.instance);
    } finally {
      const next = this.#waiting.shift();
      if (next) next(worker);
      else this.#free.push(worker);
    }
  }

  async #takeWorker(signal: AbortSignal | undefined): Promise<Worker> {
    const free = this.#free.pop();
    if (free) return free;
    const max = this.#options.maxWorkers ?? Number.POSITIVE_INFINITY;
    if (this.#made < max) {
      this.#made++;
      return this.#newWorker();
    }
    signal?.throwIfAborted();
    return new Promise<Worker>((resolve, reject) => {
      const onAbort = () => {
        this.#waiting.splice(this.#waiting.indexOf(take), 1);
        reject(signal?.reason);
      };
      const take = (worker: Worker) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(worker);
      };
      this.#waiting.push(take);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** LibreOffice processes started, and the time they took to take their first request (those that did). */
  get startups(): { count: number; totalMs: number } {
    return {
      count: this.#started.length,
      totalMs: this.#started.reduce((sum, instance) => sum + (instance.startupMs ?? 0), 0),
    };
  }

  /** Stops every LibreOffice of the run. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#all].map((worker) => worker.instance?.stop()));
  }

  async #newWorker(): Promise<Worker> {
    const worker: Worker = { profile: await this.#options.profiles.acquire(), instance: undefined };
    this.#all.add(worker);
    return worker;
  }
}
