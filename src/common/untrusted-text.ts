/**
 * The one door for text the action did not write itself — file names from the repository, messages and names from
 * the conversion service, answers of the GitHub API — on its way to a log line, an annotation, an output, the job
 * summary or a comment. `untrustedText` redacts every registered secret, keeps it on one line with no workflow
 * command in it, and shortens it. Secrets enter through `registerSecret`, which also masks them on the runner.
 */
import * as core from '@actions/core';
import { type Redact, Redactor } from './redaction.ts';

/** Long enough for any real message or path; a 100 KB name from a server is not worth a log line of its own. */
export const SHOWN_LENGTH = 300;

/** For the action's own messages around untrusted parts (file paths; reasons already cut to SHOWN_LENGTH). */
export const SHOWN_MESSAGE_LENGTH = 1000;

const registered = new Redactor();

/** Masks `value` on the runner (`::add-mask::`) and redacts it, in all its spellings, from untrusted text. */
export function registerSecret(value: string): void {
  if (value.trim() === '') return;
  core.setSecret(value);
  registered.addSecret(value);
}

/** Every registered secret (and anything credential-shaped) replaced by a placeholder; nothing else changed. */
export const redactSecrets: Redact = (text) => registered.redact(text);

/**
 * Line breaks and other control characters (ANSI escapes, C1 controls, Unicode line separators). The runner reads
 * a workflow command from the start of any line, so a line break inside a name must not reach stdout as one.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being neutralised
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Bidirectional controls (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, and the marks U+200E,
 * U+200F, U+061C): shown raw, `invoice\u202Excod.docx` reads as `invoicedocx.exe`-like text in a log, a summary
 * or a comment. They are percent-encoded, visible for what they are.
 */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every bidirectional control percent-encoded (`\u202E` → `%E2%80%AE`), nothing else changed. */
export function neutraliseBidi(text: string): string {
  return text.replace(BIDI, (char) => encodeURIComponent(char));
}

/**
 * Untrusted text made fit to print anywhere: secrets redacted (before shortening, so a cut cannot leave part of one),
 * control characters (bidirectional controls included) percent-encoded as the toolkit encodes command data (`\n` → `%0A`, `\r` → `%0D`), cut to
 * `maxLength` characters with an ellipsis, and a leading `:` encoded as `%3A` (the toolkit's escape for `:` in
 * command properties) so the text cannot start a workflow command (`::stop-commands::…`) wherever it is placed.
 */
export function untrustedText(text: string, maxLength: number = SHOWN_LENGTH): string {
  const oneLine = redactSecrets(text).replace(CONTROL, (char) => encodeURIComponent(char));
  return shorten(oneLine, maxLength).replace(/^(\s*):/, '$1%3A');
}

function shorten(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let cut = text.slice(0, Math.max(0, maxLength - 1));
  // Never leave half of a surrogate pair behind.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Key names whose string (or number) values are secrets in load-options and convert-options. */
const SECRET_KEY = /password|passwd|secret|token|key|credential/i;

/**
 * The values in a JSON options object that are secrets: every string or number under a key that names a secret
 * (`password`, `Password`, `ownerPassword`, `apiKey`, …), at any depth, in objects and arrays.
 */
export function secretValuesIn(value: unknown, underSecretKey = false): string[] {
  if (typeof value === 'string') return underSecretKey && value !== '' ? [value] : [];
  if (typeof value === 'number') return underSecretKey ? [String(value)] : [];
  if (Array.isArray(value)) return value.flatMap((item) => secretValuesIn(item, underSecretKey));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    secretValuesIn(inner, underSecretKey || SECRET_KEY.test(key)),
  );
}
