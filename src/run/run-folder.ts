import { randomBytes } from 'node:crypto';

/**
 * The storage folder of one run: unique per repository, run, attempt and invocation, so concurrent runs,
 * re-runs and several steps in one job never touch each other's files.
 */
export function runFolderFor(
  env: NodeJS.ProcessEnv,
  random: () => string = () => randomBytes(6).toString('hex'),
): string {
  const repository = (env.GITHUB_REPOSITORY ?? 'local').replace(/[^A-Za-z0-9._-]+/g, '_');
  const run = (env.GITHUB_RUN_ID ?? 'run').replace(/[^0-9A-Za-z]+/g, '');
  const attempt = (env.GITHUB_RUN_ATTEMPT ?? '1').replace(/[^0-9]+/g, '');
  return `convert-documents-action/${repository}/${run}-${attempt}-${random()}`;
}
