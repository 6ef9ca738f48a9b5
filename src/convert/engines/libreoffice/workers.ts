/**
 * The engine's workers: each owns one user profile and at most one live LibreOffice on it, so two conversions in
 * flight never share a profile. A worker whose LibreOffice hung, crashed or was stopped starts a fresh one (same
 * profile, the old process group already killed) for its next document.
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

  constructor(options: WorkersOptions) {
    this.#options = options;
  }

  /** Runs `use` on a LibreOffice no other conversion is using, started for it when there is none alive. */
  async withInstance<T>(use: (instance: LibreOfficeInstance) => Promise<T>): Promise<T> {
    const worker = this.#free.pop() ?? (await this.#newWorker());
    try {
      if (!worker.instance?.alive) {
        const options: InstanceOptions = {
          soffice: this.#options.soffice,
          profileDirectory: worker.profile,
          env: await this.#options.envFor(worker.profile),
          confinement: this.#options.confinement,
        };
        worker.instance = (this.#options.startInstance ?? ((o) => new LibreOfficeInstance(o)))(options);
        this.#started.push(worker.instance);
      }
      return await use(worker.instance);
    } finally {
      this.#free.push(worker);
    }
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
