/**
 * The one check, before anything converts, that the programs a run needs are on the runner: LibreOffice for
 * `engine: libreoffice`, and for `engine: local` whichever of a browser and LibreOffice its documents need. A missing
 * one stops the run with one error naming what to install. (Installing them on hosted runners belongs here too.)
 */
import type { RunnerEnvironment } from '../../../settings/runner.ts';
import { BROWSER_INSTALL_HINT, findBrowser } from '../browser/find-browser.ts';
import { findSoffice, LIBREOFFICE_PACKAGES } from '../libreoffice/soffice.ts';
import type { LocalProgram } from './routes.ts';

export interface LocalPrograms {
  /** Absolute path of the browser, when one was needed. */
  browser?: string;
  /** Absolute path of soffice, when it was needed. */
  soffice?: string;
}

const LIBREOFFICE_HINT = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${LIBREOFFICE_PACKAGES}`;

export function requireLocalPrograms(
  engine: 'libreoffice' | 'local',
  needed: ReadonlySet<LocalProgram>,
  runner: Pick<RunnerEnvironment, 'searchPath' | 'chromePath'>,
): LocalPrograms {
  const found: LocalPrograms = {};
  const missing: string[] = [];
  if (needed.has('browser')) {
    const browser = findBrowser(runner.chromePath, runner.searchPath);
    if (browser === undefined) {
      missing.push(
        `a Chrome or Chromium browser (for Markdown and HTML; looked for CHROME_PATH, google-chrome, chromium and chromium-browser on PATH): ${BROWSER_INSTALL_HINT}`,
      );
    } else found.browser = browser;
  }
  if (needed.has('libreoffice')) {
    const soffice = findSoffice(runner.searchPath);
    if (soffice === undefined) missing.push(`LibreOffice (soffice): ${LIBREOFFICE_HINT}`);
    else found.soffice = soffice;
  }
  if (missing.length === 0) return found;
  if (engine === 'libreoffice') {
    throw new Error(
      'Input "engine" is "libreoffice" but LibreOffice (soffice) is not installed on this runner. ' +
        `Install it in a step before this one: ${LIBREOFFICE_HINT}`,
    );
  }
  throw new Error(
    `Input "engine" is "local" but this runner lacks what its documents need. Install in a step before this one: ${missing.join('; and ')}.`,
  );
}
