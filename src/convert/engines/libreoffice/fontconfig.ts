/** A fontconfig configuration for this run only: the system's fonts plus the repository's `fonts-dir`. */

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `fonts.conf` into `folder` and returns the environment that makes LibreOffice (through fontconfig) read
 * it. The system configuration (or the one the job already points at) is included first, so every installed font
 * stays available; fontconfig's cache for the new folder is kept in `folder` too, so nothing outside it changes.
 */
export async function fontconfigFor(
  fontsDirectory: string,
  folder: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string>> {
  await mkdir(path.join(folder, 'fontconfig-cache'), { recursive: true });
  const base = env.FONTCONFIG_FILE || '/etc/fonts/fonts.conf';
  const file = path.join(folder, 'fonts.conf');
  await writeFile(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">${xmlText(base)}</include>
  <dir>${xmlText(fontsDirectory)}</dir>
  <cachedir>${xmlText(path.join(folder, 'fontconfig-cache'))}</cachedir>
</fontconfig>
`,
  );
  return { FONTCONFIG_FILE: file };
}

function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
