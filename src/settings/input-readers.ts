/** Primitive readers shared by every concern's settings: each validates one input and reports a problem that names it. */

import { parseDuration } from '../common/duration.ts';

/** Reads one input by name, like `core.getInput(name)`: already trimmed, '' when unset. */
export type InputReader = (name: string) => string;

/** Collects one problem with an input; every problem is reported at once, before any request. */
export type Report = (message: string) => void;

const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

export function readWholeNumber(name: string, raw: string, min: number, max: number, report: Report): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    report(`Input "${name}" is ${quote(raw)}: expected a whole number from ${min} to ${max}.`);
    return min;
  }
  return value;
}

export function readDuration(
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

export function readJsonObject(
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

export function readChoice<T extends string>(
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

export function parseBoolean(raw: string): boolean | undefined {
  const value = raw.toLowerCase();
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  return undefined;
}

export function readBoolean(name: string, raw: string, report: Report): boolean | undefined {
  const value = parseBoolean(raw);
  if (value === undefined) {
    report(`Input "${name}" is ${quote(raw)}: expected true or false (yes/no and 1/0 also work).`);
  }
  return value;
}

/** `auto`, or a boolean as `always`/`never`: for inputs that default to what the event suggests. */
export function readAutoBoolean(
  name: string,
  raw: string,
  report: Report,
): 'auto' | 'always' | 'never' | undefined {
  if (raw.toLowerCase() === 'auto') return 'auto';
  const value = parseBoolean(raw);
  if (value === undefined) report(`Input "${name}" is ${quote(raw)}: expected auto, true or false.`);
  return value === undefined ? undefined : value ? 'always' : 'never';
}

export function splitLines(raw: string): string[] {
  return raw
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A value as shown in messages: JSON-quoted, so blanks and line breaks are visible. */
export function quote(value: string): string {
  return JSON.stringify(value);
}
