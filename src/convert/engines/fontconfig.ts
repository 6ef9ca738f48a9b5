/**
 * A fontconfig configuration for this run only: the system's fonts plus the repository's `fonts-dir`. Both local
 * programs find fonts through fontconfig (LibreOffice, and Chromium's browser process on behalf of its renderers).
 */

import { lstat, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FontsSettings } from '../../settings/engine.ts';

/**
 * Writes `fonts.conf` into `folder` and returns its path, for FONTCONFIG_FILE. The system configuration (or the one
 * the job already points at) is included first, so every installed font stays available. The program is not shown
 * `fonts-dir` itself but a folder of links to exactly its regular font files: fontconfig follows links and walks
 * folders, so a link in the repository to `/` would otherwise have it scan the whole disk. Fontconfig's cache for
 * the new folder is kept in `folder` too, so nothing outside it changes.
 */
export async function fontconfigFor(
  fonts: FontsSettings,
  folder: string,
  env: Readonly<NodeJS.ProcessEnv>,
): Promise<string> {
  const links = path.join(folder, 'fonts');
  await mkdir(links, { recursive: true });
  await mkdir(path.join(folder, 'fontconfig-cache'), { recursive: true });
  let index = 0;
  for (const relative of fonts.files) {
    const file = path.join(fonts.directory, relative);
    // Checked again here: a file may have been replaced by a link since the inputs were read.
    if (!(await lstat(file)).isFile()) continue;
    await symlink(file, path.join(links, `${index++}-${path.basename(relative)}`));
  }
  const base = env.FONTCONFIG_FILE || '/etc/fonts/fonts.conf';
  const file = path.join(folder, 'fonts.conf');
  await writeFile(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">${xmlText(base)}</include>
  <dir>${xmlText(links)}</dir>
  <cachedir>${xmlText(path.join(folder, 'fontconfig-cache'))}</cachedir>
</fontconfig>
`,
  );
  return file;
}

function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
