/**
 * The environment LibreOffice runs with: an allowlist, not the runner's environment less a few names. Tokens
 * (GITHUB_TOKEN, ACTIONS_RUNTIME_TOKEN), the action's inputs (INPUT_*) and anything else the job set never reach a
 * process that opens untrusted documents.
 */

/** Passed through from the runner when set: where programs are, and the language and time zone documents print in. */
const PASSED_THROUGH = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'LC_NUMERIC', 'LC_TIME', 'TZ'] as const;

export interface LibreOfficeEnvironmentOptions {
  /** The worker's own home: LibreOffice and fontconfig write caches there, inside the run's temporary folder. */
  home: string;
  /** The worker's own temporary folder, removed with the run's. */
  temporaryDirectory: string;
  /** fonts.conf for the run's fonts-dir, when there is one. */
  fontconfigFile: string | undefined;
}

export function libreOfficeEnvironment(
  runner: Readonly<NodeJS.ProcessEnv>,
  options: LibreOfficeEnvironmentOptions,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = runner[name];
    if (value !== undefined && value !== '') env[name] = value;
  }
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  env.HOME = options.home;
  env.TMPDIR = options.temporaryDirectory;
  // A base configuration the job chose (FONTCONFIG_FILE) is a path, not a secret: the run's own includes it.
  const fontconfig = options.fontconfigFile ?? runner.FONTCONFIG_FILE;
  if (fontconfig) env.FONTCONFIG_FILE = fontconfig;
  return env;
}
