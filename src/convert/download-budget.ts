/**
 * How much a run may download: no file larger than max-download-size or than the size the service declared for
 * it, and no more than max-total-download-size of results on disk, counted as bytes arrive, so a download that never
 * ends or a list of thousands of files stops before the runner's disk fills.
 */
import { formatByteSize } from '../common/byte-size.ts';
import type { DownloadLimitSettings } from '../settings/download-limits.ts';

/** The bound on one download, as the client applies it. */
export interface DownloadLimit {
  /** The download fails as soon as it passes this many bytes. */
  maxBytes: number;
  /** Where maxBytes comes from, for the error: `the 10 bytes the service declared`. */
  reason: string;
  /** Called with each chunk's size before it is written; throws to stop the download (the run's total). */
  take: (bytes: number) => void;
  /** Gives back what a removed partial file had taken (a failed attempt that may be repeated). */
  giveBack: (bytes: number) => void;
}

/** Thrown by the budget when the run's total would pass max-total-download-size. */
export class DownloadBudgetExceededError extends Error {
  override name = 'DownloadBudgetExceededError';
}

export class DownloadBudget {
  readonly #limits: DownloadLimitSettings;
  #written = 0;

  constructor(limits: DownloadLimitSettings) {
    this.#limits = limits;
  }

  /** Bytes of results on disk: downloaded, less the partial files removed. */
  get written(): number {
    return this.#written;
  }

  /**
   * Checks what the service declared before anything is downloaded: a file over max-download-size, or files that
   * together need more than the run has left, fail the job before a byte is written. Returns why, or undefined.
   */
  refusal(declaredSizes: readonly number[]): string | undefined {
    const tooLarge = declaredSizes.find((size) => size > this.#limits.maxDownloadBytes);
    if (tooLarge !== undefined) {
      return `the service declared a result of ${formatByteSize(tooLarge)}, more than max-download-size (${formatByteSize(this.#limits.maxDownloadBytes)}); nothing was written`;
    }
    const needed = declaredSizes.reduce((sum, size) => sum + size, 0);
    if (needed > this.#left()) {
      return `the results (${formatByteSize(needed)}) would pass max-total-download-size (${formatByteSize(this.#limits.maxTotalDownloadBytes)}) for the run; nothing was written`;
    }
    return undefined;
  }

  /** The limit for one file whose size the service declared (0 or less: not declared). */
  limitFor(declaredBytes: number): DownloadLimit {
    const cap = this.#limits.maxDownloadBytes;
    const declared = declaredBytes > 0 && declaredBytes <= cap;
    return {
      maxBytes: declared ? declaredBytes : cap,
      reason: declared
        ? `the ${formatByteSize(declaredBytes)} the service declared for it`
        : `max-download-size (${formatByteSize(cap)})`,
      take: (bytes) => {
        if (bytes > this.#left()) {
          throw new DownloadBudgetExceededError(
            `the run reached max-total-download-size (${formatByteSize(this.#limits.maxTotalDownloadBytes)})`,
          );
        }
        this.#written += bytes;
      },
      giveBack: (bytes) => {
        this.#written -= bytes;
      },
    };
  }

  #left(): number {
    return this.#limits.maxTotalDownloadBytes - this.#written;
  }
}
