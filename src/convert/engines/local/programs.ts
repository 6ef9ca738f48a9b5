/**
 * The one check, before anything converts, that the programs a run needs are on the runner: LibreOffice for
 * `engine: libreoffice`, and for `engine: local` whichever of a browser and LibreOffice its documents need. A missing
 * one stops the run with one error naming what to install. On a GitHub-hosted runner LibreOffice is installed
 * by the action itself (libreoffice/install.ts), unless `install-libreoffice` is false.
 */
import type { RunnerEnvironment } from '../../../settings/runner.ts';
import { BROWSER_INSTALL_HINT, findBrowser } from '../browser/find-browser.ts';
import { locateSoffice, type SofficeInstaller } from '../libreoffice/install.ts';
import { LIBREOFFICE_PACKAGES } from '../libreoffice/soffice.ts';
import type { LocalProgram } from './routes.ts';

export interface LocalPrograms {
  /** Absolute path of the browser, when one was needed. */
  browser?: string;
  /** Absolute path of soffice, or its installer on a hosted runner that lacks it, when it was needed. */
  soffice?: string | SofficeInstaller;
}

const LIBREOFFICE_HINT = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${LIBREOFFICE_PACKAGES}`;

export function requireLocalPrograms(
  engine: 'libreoffice' | 'local',
  needed: ReadonlySet<LocalProgram>,
  runner: Pick<RunnerEnvironment, 'searchPath' | 'chromePath'> &
    Partial<Pick<RunnerEnvironment, 'runnerKind' | 'childProcessEnvironment'>>,
  { installLibreOffice }: { installLibreOffice: boolean } = { installLibreOffice: false },
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
    try {
      const located = locateSoffice({
        searchPath: runner.searchPath,
        runnerKind: runner.runnerKind ?? '',
        install: installLibreOffice,
        env: runner.childProcessEnvironment ?? {},
      });
      found.soffice = 'soffice' in located ? located.soffice : located.install;
    } catch (error) {
      // engine: libreoffice says why it was not installed here; local names everything it lacks at once.
      if (engine === 'libreoffice') throw error;
      missing.push(`LibreOffice (soffice): ${LIBREOFFICE_HINT}`);
    }
  }
  if (missing.length === 0) return found;
  throw new Error(
    `Input "engine" is "local" but this runner lacks what its documents need. Install in a step before this one: ${missing.join('; and ')}.`,
  );
}
