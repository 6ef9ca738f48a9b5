/**
 * What decides the browser engine's outputs, for the conversion cache's key: the browser's version, the Markdown
 * renderer's packages and stylesheet, the paper, and this folder's own choices (margins, print options).
 */
import { execFile } from 'node:child_process';
import type { PageSize } from '../../../settings/engine.ts';
import { MARKDOWN_RENDERER_IDENTITY } from './markdown/index.ts';

/** Bump when margins, print options or the page steps change what is printed. */
const PRINTING_VERSION = '1';
const VERSION_TIMEOUT_MS = 30_000;

/** `Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)`, from `<browser> --version`. */
export function browserVersionOf(executable: string, env: Readonly<Record<string, string>>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      executable,
      ['--version'],
      { env: { ...env }, timeout: VERSION_TIMEOUT_MS, maxBuffer: 64 * 1024 },
      (error, stdout) => {
        const version = stdout.trim().split('\n').at(-1)?.trim() ?? '';
        if (version !== '') resolve(version);
        else
          reject(
            new Error(
              `${executable} --version did not say which version it is (${error?.message ?? 'no output'})`,
            ),
          );
      },
    );
  });
}

export function browserIdentityDetails(browserVersion: string, pageSize: PageSize): Record<string, string> {
  const details: Record<string, string> = {
    browser: browserVersion,
    pageSize,
    printing: PRINTING_VERSION,
  };
  for (const [name, version] of Object.entries(MARKDOWN_RENDERER_IDENTITY))
    details[`markdown:${name}`] = version;
  return details;
}
