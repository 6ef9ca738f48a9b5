import { randomBytes } from 'node:crypto';

/**
 * The storage folder of one run: unique per repository, run, attempt and invocation, so concurrent runs,
 * re-runs and several steps in one job never touch each other's files.
 */
export function runFolderFor(
  labels: { repository: string; runId: string; runAttempt: string },
  random: () => string = () => randomBytes(6).toString('hex'),
): string {
  // Empty parts fall back too: an empty segment is not a storage key the service can address.
  const repository = labels.repository.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+$/, '_') || 'local';
  const run = labels.runId.replace(/[^0-9A-Za-z]+/g, '') || 'run';
  const attempt = labels.runAttempt.replace(/[^0-9]+/g, '') || '1';
  return `convert-documents-action/${repository}/${run}-${attempt}-${random()}`;
}
