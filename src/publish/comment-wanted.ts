/** Whether a run comments on its pull request, decided before the GitHub and artifact clients are loaded. */
import type { RunnerEnvironment } from '../settings/runner.ts';
import type { Settings } from '../settings/types.ts';

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

export function wantsComment(settings: Settings, env: RunnerEnvironment): boolean {
  const mode = settings.publish.prComment;
  if (mode === 'never') return false;
  if (mode === 'always') return true;
  return PULL_REQUEST_EVENTS.has(env.eventName) && env.pullRequest !== undefined;
}
