/**
 * The runner's own Chrome or Chromium: CHROME_PATH first, then the usual names on PATH. Nothing is ever downloaded;
 * a runner without one gets an error naming what to install.
 */
import path from 'node:path';
import { findOnPath, isExecutableFile } from '../../../common/find-program.ts';

/** Looked for on PATH in this order (GitHub's hosted Ubuntu runners have the first two). */
export const BROWSER_NAMES = ['google-chrome', 'chromium', 'chromium-browser'] as const;

/** What to install on a Debian or Ubuntu runner that has no browser. */
export const BROWSER_INSTALL_HINT =
  'sudo apt-get update && sudo apt-get install -y chromium (Debian; on Ubuntu, google-chrome-stable from Google), or set CHROME_PATH to a Chrome or Chromium';

/** The browser to launch (absolute path), or undefined when neither CHROME_PATH nor PATH gives one. */
export function findBrowser(chromePath: string, searchPath: string): string | undefined {
  const given = chromePath.trim();
  if (given !== '' && path.isAbsolute(given) && isExecutableFile(given)) return given;
  for (const name of BROWSER_NAMES) {
    const found = findOnPath(name, searchPath);
    if (found !== undefined) return found;
  }
  return undefined;
}
