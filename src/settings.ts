/** The action's inputs, as strings, turned into one typed and validated Settings object; every bad input reported at once. */

import fs from 'node:fs';
import path from 'node:path';
import { parseDuration } from './duration.ts';
import { COMMON_TARGET_FORMATS, isKnownTargetFormat, TARGET_FORMATS } from './formats.ts';
import type {
  Credentials,
  IfNoFilesFound,
  PrCommentMode,
  PublishSettings,
  PublishTarget,
  Settings,
} from './settings-types.ts';

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

/** Reads one input by name, like `core.getInput(name)`: already trimmed, '' when unset. */
export type InputReader = (name: string) => string;

const CLIENT_ID_VARIABLE = 'GROUPDOCS_CLIENT_ID';
const CLIENT_SECRET_VARIABLE = 'GROUPDOCS_CLIENT_SECRET';

const MAX_CONCURRENCY = 64;
const MAX_TIMEOUT_MS = 6 * 3_600_000;
const MIN_POLL_INTERVAL_MS = 50;
const MAX_POLL_INTERVAL_MS = 5 * 60_000;
const MAX_RETENTION_DAYS = 90;

const IF_NO_FILES_FOUND: readonly IfNoFilesFound[] = ['warn', 'error', 'ignore'];
const PUBLISH_TARGETS: readonly PublishTarget[] = ['artifact', 'commit', 'release'];
const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);
/** Characters the artifact service refuses in artifact names. */
const ARTIFACT_NAME_FORBIDDEN = /[":<>|*?\\/\r\n]/;

/**
 * The secret values among the raw inputs (client secret from the input or the environment, GitHub token),
 * so that main can register them with `core.setSecret` before anything could print them.
 */
export function secretsOf(input: InputReader, env: NodeJS.ProcessEnv): string[] {
  const candidates = [input('client-secret'), env[CLIENT_SECRET_VARIABLE] ?? '', input('github-token')];
  const secrets = new Set<string>();
  for (const value of candidates) {
    for (const form of [value, value.trim()]) {
      if (form !== '') secrets.add(form);
    }
  }
  return [...secrets];
}

/** Validates every input and returns the typed settings; throws one SettingsError naming every bad input. */
export function readSettings(input: InputReader, env: NodeJS.ProcessEnv): Settings {
  const problems: string[] = [];
  const report = (message: string): void => {
    problems.push(message);
  };

  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  const realWorkspace = realpathIfExists(workspace);
  if (realWorkspace === undefined) {
    report(`The workspace ${quote(workspace)} (GITHUB_WORKSPACE, or the current directory) does not exist.`);
  }
  const places = { workspace, realWorkspace: realWorkspace ?? workspace };

  const patterns = readPatterns(input('path'), report);
  const formats = readFormats(input('format'), report);
  const outputDir = readOutputDir(input('output-dir'), places, report);
  const baseDir = readBaseDir(input('base-dir'), places, report);
  if (outputDir !== undefined && baseDir !== undefined && isInsideDirectory(outputDir, baseDir)) {
    report(
      `Input "base-dir" is ${quote(input('base-dir'))}: it lies inside output-dir ${quote(input('output-dir'))}, ` +
        'where sources are never read from. Choose a base-dir outside output-dir.',
    );
  }

  const dryRun = readBoolean('dry-run', input('dry-run'), report);
  const credentials = readCredentials(input, env, dryRun, report);
  const apiBaseUrl = readApiBaseUrl(input('api-base-url'), report);
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
  const ifNoFilesFound = readChoice(
    'if-no-files-found',
    input('if-no-files-found'),
    IF_NO_FILES_FOUND,
    report,
  );
  const failOnError = readBoolean('fail-on-error', input('fail-on-error'), report);
  const publish = readPublish(input, report);

  if (problems.length > 0) {
    throw new SettingsError(redact(problems, secretsOf(input, env)));
  }
  return {
    workspace,
    patterns,
    formats,
    outputDir: outputDir ?? workspace,
    baseDir: baseDir ?? workspace,
    credentials,
    apiBaseUrl,
    storageName: input('storage-name').trim(),
    concurrency,
    timeoutMs,
    pollIntervalMs,
    loadOptions,
    convertOptions,
    ifNoFilesFound: ifNoFilesFound ?? 'warn',
    failOnError: failOnError ?? true,
    dryRun: dryRun ?? false,
    publish,
  };
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

type Report = (message: string) => void;

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
  env: NodeJS.ProcessEnv,
  dryRun: boolean | undefined,
  report: Report,
): Credentials | undefined {
  const clientId = input('client-id') || (env[CLIENT_ID_VARIABLE] ?? '').trim();
  const clientSecret = input('client-secret') || (env[CLIENT_SECRET_VARIABLE] ?? '').trim();
  if (clientId !== '' && clientSecret !== '') return { clientId, clientSecret };
  // A dry run makes no API call; an unreadable dry-run input is already reported, so don't pile on.
  if (dryRun !== false) return undefined;
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

function readWholeNumber(name: string, raw: string, min: number, max: number, report: Report): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    report(`Input "${name}" is ${quote(raw)}: expected a whole number from ${min} to ${max}.`);
    return min;
  }
  return value;
}

function readDuration(
  name: string,
  raw: string,
  report: Report,
  rule: { accepts: (milliseconds: number) => boolean; expected: string },
): number {
  const milliseconds = parseDuration(raw);
  if (milliseconds === undefined || !rule.accepts(milliseconds)) {
    report(`Input "${name}" is ${quote(raw)}: expected ${rule.expected}.`);
    return 1;
  }
  return milliseconds;
}

function readJsonObject(
  name: string,
  raw: string,
  example: string,
  report: Report,
): Readonly<Record<string, unknown>> | undefined {
  if (raw === '') return undefined;
  // Neither value is ever echoed: load options carry document passwords, convert options may set PDF passwords.
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    report(
      `Input "${name}" is not valid JSON (${jsonReason(error)}); expected a JSON object like ${example}. ` +
        'The value is not shown because it may hold a password.',
    );
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    report(`Input "${name}" is ${kind} in JSON: expected a JSON object like ${example}.`);
    return undefined;
  }
  return value as Record<string, unknown>;
}

/** The JSON parser's reason without the excerpt of the input that V8 sometimes quotes. */
function jsonReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const withoutExcerpt = message.replace(/,\s*"[\s\S]*"\s+is not valid JSON\s*$/, '');
  return withoutExcerpt.replace(/'[\s\S]*?'/g, (token) => (token.length <= 3 ? token : "'…'"));
}

function readChoice<T extends string>(
  name: string,
  raw: string,
  choices: readonly T[],
  report: Report,
): T | undefined {
  const value = raw.toLowerCase();
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined) {
    report(`Input "${name}" is ${quote(raw)}: expected one of ${choices.join(', ')}.`);
  }
  return choice;
}

function parseBoolean(raw: string): boolean | undefined {
  const value = raw.toLowerCase();
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  return undefined;
}

function readBoolean(name: string, raw: string, report: Report): boolean | undefined {
  const value = parseBoolean(raw);
  if (value === undefined) {
    report(`Input "${name}" is ${quote(raw)}: expected true or false (yes/no and 1/0 also work).`);
  }
  return value;
}

function readPublish(input: InputReader, report: Report): PublishSettings {
  const targets = readPublishTargets(input('publish'), report);
  const artifactName = input('artifact-name');
  if (artifactName === '') {
    report('Input "artifact-name" is "": give a name for the artifact.');
  } else if (ARTIFACT_NAME_FORBIDDEN.test(artifactName)) {
    report(
      `Input "artifact-name" is ${quote(artifactName)}: it must not contain any of " : < > | * ? \\ / ` +
        'or a line break.',
    );
  }
  const artifactPerFile = readBoolean('artifact-per-file', input('artifact-per-file'), report) ?? false;

  const retentionRaw = input('retention-days');
  const retentionDays = retentionRaw === '' ? undefined : readRetentionDays(retentionRaw, report);

  const branchRaw = input('commit-branch');
  if (branchRaw !== '') {
    const problem = branchNameProblem(branchRaw);
    if (problem !== undefined) {
      report(`Input "commit-branch" is ${quote(branchRaw)}: not a valid git branch name (${problem}).`);
    }
  }

  const commitMessage = input('commit-message');
  if (commitMessage.trim() === '') {
    report('Input "commit-message" is "": give a message for the commit of converted files.');
  }

  const releaseTag = input('release-tag');
  const prComment = readPrComment(input('pr-comment'), report);

  return {
    targets,
    artifactName,
    artifactPerFile,
    retentionDays,
    commitBranch: branchRaw === '' ? undefined : branchRaw,
    commitMessage,
    releaseTag: releaseTag === '' ? undefined : releaseTag,
    prComment,
    githubToken: input('github-token'),
  };
}

function readPublishTargets(raw: string, report: Report): Set<PublishTarget> {
  const allowed = `expected any of ${PUBLISH_TARGETS.join(', ')} (comma-separated), or none`;
  const words = raw
    .split(/[,\r\n]+/)
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== '');
  const targets = new Set<PublishTarget>();
  if (words.length === 0) {
    report(`Input "publish" is ${quote(raw)}: ${allowed}.`);
    return targets;
  }
  for (const word of words) {
    const target = PUBLISH_TARGETS.find((candidate) => candidate === word);
    if (target !== undefined) {
      targets.add(target);
    } else if (word !== 'none') {
      report(`Input "publish" has ${quote(word)}: ${allowed}.`);
    }
  }
  if (words.includes('none') && words.some((word) => word !== 'none')) {
    report(`Input "publish" is ${quote(raw)}: "none" cannot be combined with other targets.`);
  }
  return targets;
}

function readRetentionDays(raw: string, report: Report): number | undefined {
  const days = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(days >= 1 && days <= MAX_RETENTION_DAYS)) {
    report(
      `Input "retention-days" is ${quote(raw)}: expected a whole number of days from 1 to ${MAX_RETENTION_DAYS}, ` +
        'or empty for the repository default.',
    );
    return undefined;
  }
  return days;
}

/** Why a name is not a valid branch name (the rules of `git check-ref-format --branch`), or undefined. */
function branchNameProblem(name: string): string | undefined {
  if (name.startsWith('-')) return 'it starts with "-"';
  if (name === '@') return 'it is "@"';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what git forbids
  if (/[\u0000-\u0020\u007f]/.test(name)) return 'it contains a space or a control character';
  const forbidden = ['~', '^', ':', '?', '*', '[', '\\'].find((character) => name.includes(character));
  if (forbidden !== undefined) return `it contains "${forbidden}"`;
  if (name.includes('..')) return 'it contains ".."';
  if (name.includes('@{')) return 'it contains "@{"';
  if (name.startsWith('/') || name.endsWith('/')) return 'it starts or ends with "/"';
  if (name.includes('//')) return 'it contains "//"';
  if (name.endsWith('.')) return 'it ends with "."';
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return `its part ${quote(component)} starts with "."`;
    if (component.endsWith('.lock')) return `its part ${quote(component)} ends with ".lock"`;
  }
  return undefined;
}

function readPrComment(raw: string, report: Report): PrCommentMode {
  if (raw.toLowerCase() === 'auto') return 'auto';
  const value = parseBoolean(raw);
  if (value === undefined) {
    report(`Input "pr-comment" is ${quote(raw)}: expected auto, true or false.`);
    return 'auto';
  }
  return value ? 'always' : 'never';
}

function splitLines(raw: string): string[] {
  return raw
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function realpathIfExists(target: string): string | undefined {
  try {
    return fs.realpathSync(target);
  } catch {
    return undefined;
  }
}

/** A value as shown in messages: JSON-quoted, so blanks and line breaks are visible. */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** Last line of defence: no message may carry a secret, whatever input it was typed into by mistake. */
function redact(problems: readonly string[], secrets: readonly string[]): string[] {
  const longestFirst = [...secrets].sort((a, b) => b.length - a.length);
  return problems.map((problem) => {
    let text = problem;
    for (const secret of longestFirst) {
      text = text.split(secret).join('***');
      const quoted = JSON.stringify(secret).slice(1, -1);
      if (quoted !== secret) text = text.split(quoted).join('***');
    }
    return text;
  });
}
