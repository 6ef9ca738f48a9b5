/** The engine the `engine` input names, ready to convert. The rest of the run never learns which one it is. */

import * as core from '@actions/core';
import { registerSecret } from '../../common/untrusted-text.ts';
import type { Plan } from '../../plan/types.ts';
import type { RunnerEnvironment } from '../../settings/runner.ts';
import type { Settings } from '../../settings/types.ts';
import { DownloadBudget } from '../download-budget.ts';
import { OutputClaims } from '../output-claims.ts';
import { runFolderFor } from '../run-folder.ts';
import type { ConversionEngine } from './engine.ts';
import type { ApiCallAccount } from './groupdocs/call-account.ts';
import { GroupDocsClient } from './groupdocs/client.ts';
import { GroupDocsEngine } from './groupdocs/engine.ts';
import { usesDirectFlow } from './groupdocs/flow-choice.ts';
import { fontSetOf } from './groupdocs/fonts.ts';
import { type EngineIdentity, groupDocsIdentity } from './identity.ts';
import { LibreOfficeEngine } from './libreoffice/engine.ts';
import { locateSoffice } from './libreoffice/install.ts';

/** One document's LibreOffice is stopped past this, so that one bad file cannot hold a worker for the whole run. */
const LIBREOFFICE_DOCUMENT_LIMIT_MS = 10 * 60_000;

/** What a run hands the engine besides its settings. */
export interface EngineContext {
  /** Every secret of the run: the GroupDocs client redacts them from what the service echoes. */
  secrets: readonly string[];
  /** Counts each request to the conversion service by kind. */
  calls: ApiCallAccount;
}

/** Throws an Error a user can act on when the chosen engine cannot run at all (no credentials, no soffice). */
export function createEngine(
  settings: Settings,
  plan: Plan,
  runner: RunnerEnvironment,
  context: EngineContext,
): ConversionEngine {
  return settings.engine.engine === 'libreoffice'
    ? libreOfficeEngine(settings, runner)
    : groupDocsEngine(settings, plan, runner, context);
}

/**
 * What makes this run's outputs what they are, for the conversion cache's key: the engine and where it runs, and
 * the repository's fonts by content (a changed font changes the documents that use it).
 */
export async function engineIdentity(settings: Settings): Promise<EngineIdentity> {
  const fonts: Record<string, string> = {};
  if (settings.engine.fonts !== undefined) fonts.fonts = (await fontSetOf(settings.engine.fonts)).folder;
  if (settings.engine.engine === 'libreoffice') return { engineId: 'libreoffice', details: fonts };
  const identity = groupDocsIdentity(settings);
  return { ...identity, details: { ...identity.details, ...fonts } };
}

function libreOfficeEngine(settings: Settings, runner: RunnerEnvironment): ConversionEngine {
  const located = locateSoffice({
    searchPath: runner.searchPath,
    runnerKind: runner.runnerKind,
    install: settings.engine.installLibreOffice,
    env: runner.childProcessEnvironment,
  });
  const soffice =
    'soffice' in located
      ? located.soffice
      : (signal: AbortSignal) =>
          core.group('Install LibreOffice', () => located.install(signal, (line) => core.info(line)));
  if (typeof soffice === 'string') core.info(`Converting on the runner with LibreOffice (${soffice}).`);
  return new LibreOfficeEngine({
    soffice,
    temporaryRoot: runner.temporaryDirectory,
    fonts: settings.engine.fonts,
    documentTimeLimitMs: Math.min(LIBREOFFICE_DOCUMENT_LIMIT_MS, settings.timeoutMs),
    env: runner.childProcessEnvironment,
    downloads: new DownloadBudget(settings.downloadLimits),
    warn: (line) => core.warning(line),
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
