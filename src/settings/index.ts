/** The action's inputs, as strings, turned into one typed and validated Settings object; every bad input reported at once. */

import fs from 'node:fs';
import path from 'node:path';
import { Redactor } from '../common/redaction.ts';
import { secretValuesIn } from '../common/untrusted-text.ts';
import { readCache } from './cache.ts';
import { readChangedOnly } from './changed-only.ts';
import { readDownloadLimits } from './download-limits.ts';
import { readEngineSettings } from './engine.ts';
import { COMMON_TARGET_FORMATS, isKnownTargetFormat, TARGET_FORMATS } from './formats.ts';
import {
  type InputReader,
  quote,
  type Report,
  readBoolean,
  readChoice,
  readDuration,
  readJsonObject,
  readWholeNumber,
  splitLines,
} from './input-readers.ts';
import { readPreviews } from './previews.ts';
import { readProtectedDirs, refuseProtectedDir } from './protected-dirs.ts';
import { readPublish } from './publishing.ts';
import { CLIENT_ID_VARIABLE, CLIENT_SECRET_VARIABLE, type RunnerEnvironment } from './runner.ts';
import { readSharding } from './sharding.ts';
import { readStorageName } from './storage-name.ts';
import type { Credentials, IfNoFilesFound, Settings } from './types.ts';

export { isImageFormat } from './formats.ts';

/** One or more inputs are invalid. The message lists every problem, one per line. */
export class SettingsError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'SettingsError';
    this.problems = problems;
  }
}

export type { InputReader } from './input-readers.ts';

const MAX_CONCURRENCY = 64;
const MAX_TIMEOUT_MS = 6 * 3_600_000;
const MIN_POLL_INTERVAL_MS = 50;
const MAX_POLL_INTERVAL_MS = 5 * 60_000;

const IF_NO_FILES_FOUND: readonly IfNoFilesFound[] = ['warn', 'error', 'ignore'];

/**
 * The secret values among the raw inputs (client secret from the input or the environment, GitHub token, document
 * passwords and other secret-named values in load-options and convert-options),
 * so that main can register them with `core.setSecret` before anything could print them.
 */
export function secretsOf(
  input: InputReader,
  runner: Pick<RunnerEnvironment, 'groupDocsCredentials'>,
): string[] {
  const candidates = [
    input('client-secret'),
    runner.groupDocsCredentials.clientSecret,
    input('github-token'),
    ...optionSecrets(input('load-options')),
    ...optionSecrets(input('convert-options')),
  ];
  const secrets = new Set<string>();
  for (const value of candidates) {
    for (const form of [value, value.trim()]) {
      if (form !== '') secrets.add(form);
    }
  }
  return [...secrets];
}

/** Document passwords and other secret-named values in a JSON options input; none when it is not valid JSON. */
function optionSecrets(raw: string): string[] {
  if (raw === '') return [];
  try {
    return secretValuesIn(JSON.parse(raw));
  } catch {
    return [];
  }
}

/** Validates every input and returns the typed settings; throws one SettingsError naming every bad input. */
export function readSettings(
  input: InputReader,
  runner: Pick<RunnerEnvironment, 'workspace' | 'groupDocsCredentials'>,
): Settings {
  const problems: string[] = [];
  const report = (message: string): void => {
    problems.push(message);
  };

  const { workspace } = runner;
  const realWorkspace = realpathIfExists(workspace);
  if (realWorkspace === undefined) {
    report(`The workspace ${quote(workspace)} (GITHUB_WORKSPACE, or the current directory) does not exist.`);
  }
  const places = { workspace, realWorkspace: realWorkspace ?? workspace };
  const patterns = readPatterns(input('path'), report);
  const formats = readFormats(input('format'), report);
  const { outputDir, baseDir } = readLocations(input, places, report);

  const dryRun = readBoolean('dry-run', input('dry-run'), report);
  const engine = readEngineSettings(input, workspace, report);
  const sharding = readSharding(input, report);
  // Neither a dry run, nor LibreOffice (on the runner), nor the publishing job of a matrix calls the conversion
  // service: no account is needed.
  const credentials = readCredentials(
    input,
    runner,
    engine.engine === 'groupdocs' && !sharding.publishOnly ? dryRun : true,
    report,
  );
  const apiBaseUrl = readApiBaseUrl(input('api-base-url'), report);
  const storageName = readStorageName(input('storage-name'), report);
  const conversion = readConversionInputs(input, report);
  const ifNoFilesFound = readChoice(
    'if-no-files-found',
    input('if-no-files-found'),
    IF_NO_FILES_FOUND,
    report,
  );
  const failOnError = readBoolean('fail-on-error', input('fail-on-error'), report);
  const publish = readPublish(input, report);
  const previews = readPreviews(input, formats, report);
  const downloadLimits = readDownloadLimits(input, report);
  const cache = readCache(input, report);
  const changedOnly = readChangedOnly(input, report);

  if (problems.length > 0) {
    // Last line of defence: no message may carry a secret, whatever input it was typed into by mistake.
    const { redact } = new Redactor(secretsOf(input, runner));
    throw new SettingsError(problems.map(redact));
  }
  return {
    workspace,
    patterns,
    formats,
    outputDir: outputDir ?? workspace,
    baseDir: baseDir ?? workspace,
    credentials,
    apiBaseUrl,
    storageName,
    ...conversion,
    ifNoFilesFound: ifNoFilesFound ?? 'warn',
    failOnError: failOnError ?? true,
    dryRun: dryRun ?? false,
    cache,
    publish,
    previews,
    downloadLimits,
    changedOnly,
    engine,
    sharding,
  };
}

/** output-dir and base-dir: inside the workspace by where they really lead, never a protected folder. */
function readLocations(
  input: InputReader,
  places: { workspace: string; realWorkspace: string },
  report: Report,
): { outputDir: string | undefined; baseDir: string | undefined } {
  const { workspace } = places;
  const outputDir = readOutputDir(input('output-dir'), places, report);
  const baseDir = readBaseDir(input('base-dir'), places, report);
  const protectedDirs = readProtectedDirs(input, report);
  for (const [name, resolved] of [
    ['output-dir', outputDir],
    ['base-dir', baseDir],
  ] as const) {
    if (resolved === undefined) continue;
    const realRelative = path.relative(places.realWorkspace, realLocation(resolved));
    refuseProtectedDir(
      { name, raw: input(name), relative: path.relative(workspace, resolved), realRelative },
      protectedDirs,
      report,
    );
  }
  if (outputDir !== undefined && baseDir !== undefined && isInsideDirectory(outputDir, baseDir)) {
    report(
      `Input "base-dir" is ${quote(input('base-dir'))}: it lies inside output-dir ${quote(input('output-dir'))}, ` +
        'where sources are never read from. Choose a base-dir outside output-dir.',
    );
  }
  return { outputDir, baseDir };
}

/** How the conversions run: concurrency, the one timeout, polling, and the service's options. */
function readConversionInputs(
  input: InputReader,
  report: Report,
): Pick<Settings, 'concurrency' | 'timeoutMs' | 'pollIntervalMs' | 'loadOptions' | 'convertOptions'> {
  const concurrency = readWholeNumber('concurrency', input('concurrency'), 1, MAX_CONCURRENCY, report);
  const timeoutMs = readDuration('timeout', input('timeout'), report, {
    accepts: (ms) => ms > 0 && ms <= MAX_TIMEOUT_MS,
    expected: 'a duration above 0 and at most 6h, like 90s, 5m, 1h30m or plain seconds',
  });
  const pollIntervalMs = readDuration('poll-interval', input('poll-interval'), report, {
    accepts: (ms) => ms >= MIN_POLL_INTERVAL_MS && ms <= MAX_POLL_INTERVAL_MS,
    expected: 'a duration from 50ms to 5m, like 500ms, 1s or 2s',
  });
  const loadOptions = readJsonObject('load-options', input('load-options'), '{"password": "…"}', report);
  const convertOptions = readJsonObject(
    'convert-options',
    input('convert-options'),
    '{"fromPage": 1, "pagesCount": 2}',
    report,
  );
  return { concurrency, timeoutMs, pollIntervalMs, loadOptions, convertOptions };
}

/** True when `child` is `parent` or lies below it (lexically; resolve symlinks first where that matters). */
export function isInsideDirectory(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

/**
 * Where a path really lives: the real path of its deepest existing ancestor (symlinks resolved) joined with the
 * part that does not exist yet. Lets a not-yet-created output directory be checked like an existing one.
 */
export function realLocation(absolutePath: string): string {
  let existing = path.resolve(absolutePath);
  const missing: string[] = [];
  for (;;) {
    const real = realpathIfExists(existing);
    if (real !== undefined) return path.join(real, ...missing.reverse());
    const parent = path.dirname(existing);
    if (parent === existing) return path.resolve(absolutePath);
    missing.push(path.basename(existing));
    existing = parent;
  }
}

interface Places {
  workspace: string;
  realWorkspace: string;
}

function readPatterns(raw: string, report: Report): string[] {
  // '#' may start a file name, so only blank lines are skipped.
  const patterns = splitLines(raw);
  if (patterns.length === 0) {
    report('Input "path" is "": give at least one file, directory or glob pattern, one per line.');
    return patterns;
  }
  for (const line of patterns) {
    if (/^!+$/.test(line.replace(/\s/g, ''))) {
      report(`Input "path" has the line ${quote(line)}: write the pattern to exclude after the "!".`);
    }
  }
  if (patterns.every((line) => line.startsWith('!'))) {
    report(
      `Input "path" is ${quote(raw)}: it has only exclude lines (starting with "!"); add a line naming files to convert.`,
    );
  }
  return patterns;
}

function readFormats(raw: string, report: Report): string[] {
  const items = raw
    .split(/[,\r\n]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) {
    report(`Input "format" is ${quote(raw)}: give at least one target format, e.g. "pdf" or "pdf, html".`);
  }
  const formats: string[] = [];
  for (const item of items) {
    const format = item.toLowerCase().replace(/^\./, '');
    if (formats.includes(format)) continue;
    if (isKnownTargetFormat(format)) {
      formats.push(format);
    } else {
      report(`Input "format" has ${quote(item)}: not a known target format.${formatHint(format)}`);
    }
  }
  return formats;
}

function formatHint(format: string): string {
  const guess = closestFormat(format);
  const suggestion = guess === undefined ? '' : ` Did you mean "${guess}"?`;
  const others = TARGET_FORMATS.size - COMMON_TARGET_FORMATS.length;
  return `${suggestion} Known: ${COMMON_TARGET_FORMATS.join(', ')} and ${others} more.`;
}

/** The known format nearest to a typo (one edit away, two for longer names), preferring common formats on ties. */
function closestFormat(format: string): string | undefined {
  if (format === '') return undefined;
  let best: string | undefined;
  let bestDistance = format.length <= 4 ? 2 : 3;
  for (const candidate of [...COMMON_TARGET_FORMATS, ...TARGET_FORMATS]) {
    const distance = editDistance(format, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions counted as one edit (`pfd` → `pdf`). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const previous = rows[i - 1] ?? [];
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Number.POSITIVE_INFINITY;
}

function readOutputDir(raw: string, places: Places, report: Report): string | undefined {
  const resolved = path.resolve(places.workspace, raw);
  const expected = `expected a directory inside the workspace (${places.workspace}), other than the workspace itself`;
  if (!isInsideDirectory(places.workspace, resolved) || resolved === places.workspace) {
    report(`Input "output-dir" is ${quote(raw)}: ${expected}.`);
    return undefined;
  }
  const real = realLocation(resolved);
  if (!isInsideDirectory(places.realWorkspace, real) || real === places.realWorkspace) {
    report(
      `Input "output-dir" is ${quote(raw)}: it resolves through a symbolic link to ${quote(real)}; ${expected}.`,
    );
    return undefined;
  }
  const stats = fs.statSync(resolved, { throwIfNoEntry: false });
  if (stats !== undefined && !stats.isDirectory()) {
    report(`Input "output-dir" is ${quote(raw)}: it exists and is not a directory.`);
    return undefined;
  }
  return resolved;
}

function readBaseDir(raw: string, places: Places, report: Report): string | undefined {
  const resolved = path.resolve(places.workspace, raw);
  const expected = `expected a directory inside the workspace (${places.workspace})`;
  if (!isInsideDirectory(places.workspace, resolved)) {
    report(`Input "base-dir" is ${quote(raw)}: ${expected}.`);
    return undefined;
  }
  if (!fs.existsSync(resolved)) {
    report(`Input "base-dir" is ${quote(raw)}: no such directory in the workspace.`);
    return undefined;
  }
  const real = realLocation(resolved);
  if (!isInsideDirectory(places.realWorkspace, real)) {
    report(
      `Input "base-dir" is ${quote(raw)}: it resolves through a symbolic link to ${quote(real)}; ${expected}.`,
    );
    return undefined;
  }
  if (!fs.statSync(resolved).isDirectory()) {
    report(`Input "base-dir" is ${quote(raw)}: it is a file; ${expected}.`);
    return undefined;
  }
  return resolved;
}

function readCredentials(
  input: InputReader,
  runner: Pick<RunnerEnvironment, 'groupDocsCredentials'>,
  /** true for a dry run or an engine without an account; undefined when that input was unreadable. */
  noApiCall: boolean | undefined,
  report: Report,
): Credentials | undefined {
  const clientId = input('client-id') || runner.groupDocsCredentials.clientId.trim();
  const clientSecret = input('client-secret') || runner.groupDocsCredentials.clientSecret.trim();
  if (clientId !== '' && clientSecret !== '') return { clientId, clientSecret };
  // No API call needs none; an unreadable dry-run input is already reported, so don't pile on.
  if (noApiCall !== false) return undefined;
  const hint = 'from your GroupDocs Cloud application (or set dry-run to true to only print the plan)';
  if (clientId === '') {
    report(`Input "client-id" is "" and ${CLIENT_ID_VARIABLE} is not set: give the client id ${hint}.`);
  }
  if (clientSecret === '') {
    report(
      `Input "client-secret" is "" and ${CLIENT_SECRET_VARIABLE} is not set: give the client secret ${hint}.`,
    );
  }
  return undefined;
}

function readApiBaseUrl(raw: string, report: Report): string {
  const expected = 'expected an http:// or https:// URL such as https://api.groupdocs.cloud';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    report(`Input "api-base-url" is ${quote(raw)}: ${expected}.`);
    return '';
  }
  if (url.username !== '' || url.password !== '') {
    // Never echo the value: the part before '@' may be a password.
    const shown = `${url.protocol}//***@${url.host}${url.pathname}`;
    report(
      `Input "api-base-url" is ${quote(shown)}: it must not hold a user name or password; ` +
        'give credentials in client-id and client-secret.',
    );
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    report(`Input "api-base-url" is ${quote(raw)}: ${expected}.`);
    return '';
  }
  if (url.search !== '' || url.hash !== '' || raw.includes('?') || raw.includes('#')) {
    report(
      `Input "api-base-url" is ${quote(raw)}: a base URL cannot have a query ("?…") or a fragment ("#…").`,
    );
    return '';
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

function realpathIfExists(target: string): string | undefined {
  try {
    return fs.realpathSync(target);
  } catch {
    return undefined;
  }
}
