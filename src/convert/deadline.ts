export interface Deadline {
  signal: AbortSignal;
  /** True once the runner cancelled the job (as opposed to the timeout passing). */
  readonly cancelled: boolean;
  /** Stops the timer and the signal handlers. */
  dispose(): void;
}

/**
 * The run's one clock: aborts at the timeout, or when the runner cancels the job (SIGINT/SIGTERM). The abort
 * reason says which: `expired` (default: the timeout passed) or the cancellation.
 */
export function startDeadline(
  timeoutMs: number,
  timeoutLabel: string,
  expired = `the timeout (${timeoutLabel}) passed before it finished`,
): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(expired)), timeoutMs);
  let cancelled = false;
  const onSignal = (name: string) => () => {
    cancelled = true;
    controller.abort(new Error(`the job was cancelled (${name})`));
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    get cancelled() {
      return cancelled;
    },
    dispose() {
      clearTimeout(timer);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
