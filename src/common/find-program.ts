/** Finding a program on a PATH, as a shell would, but only in absolute folders (a relative entry would resolve in
 * the workspace, which a pull request chooses). */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** True for an executable regular file. */
export function isExecutableFile(candidate: string): boolean {
  try {
    accessSync(candidate, constants.X_OK);
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` in an absolute folder of `searchPath` (absolute path), or undefined. */
export function findOnPath(name: string, searchPath: string): string | undefined {
  for (const folder of searchPath.split(path.delimiter)) {
    if (!path.isAbsolute(folder)) continue;
    const candidate = path.join(folder, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}
