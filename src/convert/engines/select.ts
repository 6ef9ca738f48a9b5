/** The engine the `engine` input names, ready to convert. The rest of the run never learns which one it is. */

import os from 'node:os';
import * as core from '@actions/core';
import { registerSecret, untrustedText } from '../../common/untrusted-text.ts';
import type { Plan } from '../../plan/types.ts';
import type { RunnerEnvironment } from '../../settings/runner.ts';
import type { Settings } from '../../settings/types.ts';
import { DownloadBudget } from '../download-budget.ts';
import { OutputClaims } from '../output-claims.ts';
import { runFolderFor } from '../run-folder.ts';
import { BrowserEngine } from './browser/engine.ts';
import { findBrowser } from './browser/find-browser.ts';
import { browserIdentityDetails, browserVersionOf } from './browser/identity.ts';
import type { ConversionEngine } from './engine.ts';
import type { ApiCallAccount } from './groupdocs/call-account.ts';
import { GroupDocsClient } from './groupdocs/client.ts';
import { GroupDocsEngine } from './groupdocs/engine.ts';
import { usesDirectFlow } from './groupdocs/flow-choice.ts';
import { fontSetOf } from './groupdocs/fonts.ts';
import { type EngineIdentity, groupDocsIdentity } from './identity.ts';
import { LibreOfficeEngine } from './libreoffice/engine.ts';
import type { SofficeInstaller } from './libreoffice/install.ts';
import { LocalEngine } from './local/engine.ts';
import { requireLocalPrograms } from './local/programs.ts';
import { programsNeeded } from './local/routes.ts';

/** One document's LibreOffice is stopped past this, so that one bad file cannot hold a worker for the whole run. */
const LIBREOFFICE_DOCUMENT_LIMIT_MS = 10 * 60_000;
/** One document's page is closed past this, for the same reason. */
const BROWSER_DOCUMENT_LIMIT_MS = 10 * 60_000;

/** What a run hands the engine besides its settings. */
export interface EngineContext {
  /** Every secret of the run: the GroupDocs client redacts them from what the service echoes. */
  secrets: readonly string[];
  /** Counts each request to the conversion service by kind. */
  calls: ApiCallAccount;
}

/**
 * Throws an Error a user can act on when the chosen engine cannot run at all (no credentials, no soffice, no
 * browser), before anything is converted.
 */
export function createEngine(
  settings: Settings,
  plan: Plan,
  runner: RunnerEnvironment,
  context: EngineContext,
): ConversionEngine {
  switch (settings.engine.engine) {
    case 'libreoffice': {
      const { soffice } = requireLocalPrograms(
        'libreoffice',
        new Set(['libreoffice']),
        runner,
        settings.engine,
      );
      return libreOfficeEngine(settings, runner, soffice as string | SofficeInstaller);
    }
    case 'local':
      return localEngine(settings, plan, runner);
    default:
      return groupDocsEngine(settings, plan, runner, context);
  }
}

function localEngine(settings: Settings, plan: Plan, runner: RunnerEnvironment): ConversionEngine {
  const { browser, soffice } = requireLocalPrograms(
    'local',
    programsNeeded(plan.jobs),
    runner,
    settings.engine,
  );
  return new LocalEngine({
    ...(browser === undefined ? {} : { browser: () => browserEngine(settings, runner, browser) }),
    ...(soffice === undefined ? {} : { libreoffice: () => libreOfficeEngine(settings, runner, soffice) }),
  });
}

function browserEngine(settings: Settings, runner: RunnerEnvironment, executable: string): ConversionEngine {
  core.info(`Converting Markdown and HTML on the runner with ${executable}.`);
  const { owner, repo } = runner.repository;
  return new BrowserEngine({
    executable,
    temporaryRoot: runner.temporaryDirectory,
    workspace: settings.workspace,
    pageSize: settings.engine.pageSize,
    documentTimeLimitMs: Math.min(BROWSER_DOCUMENT_LIMIT_MS, settings.timeoutMs),
    env: runner.childProcessEnvironment,
    fonts: settings.engine.fonts,
    runsAsRoot: process.getuid?.() === 0,
    repositoryBlobBase:
      owner !== '' && repo !== '' && runner.sha !== ''
        ? `${runner.serverUrl}/${owner}/${repo}/blob/${runner.sha}`
        : undefined,
    warn: (message) => core.warning(untrustedText(message)),
    debug: (message) => core.debug(untrustedText(message)),
    onBrowserStart: ({ version, startMs, pid }) =>
      core.info(
        `Started ${untrustedText(version)} in ${(startMs / 1000).toFixed(1)} s (pid ${pid ?? 'unknown'}).`,
      ),
  });
}

/**
 * What makes this run's outputs what they are, for the conversion cache's key: the engine and where it runs, and
 * the repository's fonts by content (a changed font changes the documents that use it).
 */
export async function engineIdentity(
  settings: Settings,
  runner: Pick<RunnerEnvironment, 'chromePath' | 'searchPath' | 'childProcessEnvironment'>,
): Promise<EngineIdentity> {
  const fonts: Record<string, string> = {};
  if (settings.engine.fonts !== undefined) fonts.fonts = (await fontSetOf(settings.engine.fonts)).folder;
  if (settings.engine.engine === 'libreoffice') return { engineId: 'libreoffice', details: fonts };
  if (settings.engine.engine === 'local') {
    return { engineId: 'local', details: { ...fonts, ...(await localBrowserDetails(settings, runner)) } };
  }
  const identity = groupDocsIdentity(settings);
  return { ...identity, details: { ...identity.details, ...fonts } };
}

/**
 * The browser's part of `local`'s identity. Without a browser there is nothing of it to name: a run that needs one
 * stops before converting, and a run that does not converts nothing with it.
 */
async function localBrowserDetails(
  settings: Settings,
  runner: Pick<RunnerEnvironment, 'chromePath' | 'searchPath' | 'childProcessEnvironment'>,
): Promise<Record<string, string>> {
  const browser = findBrowser(runner.chromePath, runner.searchPath);
  if (browser === undefined) return { browser: 'none' };
  let version: string;
  try {
    version = await browserVersionOf(browser, runner.childProcessEnvironment);
  } catch (error) {
    core.warning(untrustedText(`Could not read the browser's version: ${(error as Error).message}`));
    version = `unknown (${browser})`;
  }
  return browserIdentityDetails(version, settings.engine.pageSize);
}

function libreOfficeEngine(
  settings: Settings,
  runner: RunnerEnvironment,
  located: string | SofficeInstaller,
): ConversionEngine {
  const soffice =
    typeof located === 'string'
      ? located
      : (signal: AbortSignal) =>
          core.group('Install LibreOffice', () => located(signal, (line) => core.info(line)));
  if (typeof located === 'string') core.info(`Converting on the runner with LibreOffice (${located}).`);
  return new LibreOfficeEngine({
    soffice,
    temporaryRoot: runner.temporaryDirectory,
    fonts: settings.engine.fonts,
    documentTimeLimitMs: Math.min(LIBREOFFICE_DOCUMENT_LIMIT_MS, settings.timeoutMs),
    env: runner.childProcessEnvironment,
    downloads: new DownloadBudget(settings.downloadLimits),
    warn: (line) => core.warning(line),
    info: (line) => core.info(line),
    sudoForNamespace: runner.runnerKind === 'github-hosted',
    // More LibreOffices than cores only compete for them; documents past it wait for a free one.
    maxWorkers: os.availableParallelism(),
  });
}

function groupDocsEngine(
  settings: Settings,
  plan: Plan,
  runner: RunnerEnvironment,
  { secrets, calls }: EngineContext,
): ConversionEngine {
  const credentials = settings.credentials;
  if (!credentials) throw new Error('Inputs "client-id" and "client-secret" are required to convert.');
  const client = new GroupDocsClient({
    baseUrl: settings.apiBaseUrl,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    storageName: settings.storageName,
    debug: (message) => core.debug(message),
    secrets,
    onToken: registerSecret,
    account: calls,
    proxyEnv: runner.proxyVariables,
  });
  return new GroupDocsEngine(client, {
    runFolder: runFolderFor(runner.runLabels),
    loadOptions: settings.loadOptions,
    convertOptions: settings.convertOptions,
    outputs: new OutputClaims(plan.jobs),
    downloads: new DownloadBudget(settings.downloadLimits),
    directFlow: (job) => usesDirectFlow(job, settings),
    fonts: settings.engine.fonts,
    onFontsReady: (folder, uploaded) =>
      core.info(
        uploaded > 0
          ? `Uploaded ${uploaded} font(s) from fonts-dir to ${folder} (kept for later runs).`
          : `Using the fonts from fonts-dir already in storage (${folder}).`,
      ),
  });
}
