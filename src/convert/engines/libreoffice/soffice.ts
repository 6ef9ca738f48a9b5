/** Finding `soffice`, and reading what it prints. */

import { findOnPath } from '../../../common/find-program.ts';

/** The Debian/Ubuntu package that lets the engine hand documents to LibreOffice over UNO (uno-bridge.ts). */
export const UNO_PACKAGE = 'python3-uno';
/** The Debian/Ubuntu packages that give a runner a headless `soffice`, and the UNO module the engine drives it with. */
export const LIBREOFFICE_PACKAGES = `libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui ${UNO_PACKAGE}`;
/** A reason shown to the user is cut to this length. */
const MAX_REASON_CHARS = 300;

/** The `soffice` found on PATH (absolute), or undefined. */
export function findSoffice(searchPath: string): string | undefined {
  return findOnPath('soffice', searchPath);
}

/**
 * LibreOffice's reason, fit for a log line and a job summary: its own lines about the file, without the
 * start-up noise it prints on every run, on one line, shortened, and without anything that could be read as a
 * workflow command.
 */
export function sofficeReason(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/javaldx|^convert .* using filter/i.test(line));
  const text = lines
    .join('; ')
    .replace(/::/g, ': :')
    .replace(/\p{Cc}/gu, ' ');
  return text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS - 1)}…` : text;
}

/** `: <reason>`, or nothing when LibreOffice said nothing useful. */
export function reasonSuffix(output: string): string {
  const reason = sofficeReason(output);
  return reason === '' ? '' : `: ${reason}`;
}
