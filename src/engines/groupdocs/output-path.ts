import path from 'node:path';

/**
 * Where a file the service named goes on disk. The name is data from a server: only a plain file name is
 * accepted, and the result must stay inside the job's output directory.
 */
export function localPathForOutput(outputDirectory: string, serverName: string): string {
  const name = serverName.trim();
  const plain =
    name !== '' &&
    name !== '.' &&
    name !== '..' &&
    !name.includes('/') &&
    !name.includes('\\') &&
    !name.includes('\0') &&
    !path.isAbsolute(name);
  const target = path.resolve(outputDirectory, name);
  if (!plain || path.dirname(target) !== path.resolve(outputDirectory)) {
    throw new Error(
      `the service sent an unsafe result name ${JSON.stringify(serverName)}; nothing was written`,
    );
  }
  return target;
}
