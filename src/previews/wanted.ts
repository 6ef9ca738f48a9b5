/** Whether a run makes previews, decided before the renderer (the largest part of the bundle) is loaded. */
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';

/** Whether this run makes previews: `auto` means on pull-request events. */
export function wantsPreviews(settings: Settings, env: RunnerEnvironment): boolean {
  const mode = settings.previews.mode;
  if (mode === 'off') return false;
  if (mode === 'on') return true;
  return (
    (env.eventName === 'pull_request' || env.eventName === 'pull_request_target') &&
    env.pullRequest !== undefined
  );
}
