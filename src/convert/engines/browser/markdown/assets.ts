/**
 * Files the renderer ships rather than fetches: mermaid's browser script and GitHub's light stylesheet.
 *
 * Each is named by a literal `new URL('<package>/<file>', import.meta.url)`: ncc copies what such a URL names into
 * the bundle's folder and rewrites the URL to point at the copy, so the action reads it from its own dist/ with no
 * node_modules. Run from source (tests), that URL names a file that does not exist beside this module, and the
 * package is resolved from node_modules instead. Only text files: ncc copies a `new URL` asset as UTF-8 text, which
 * corrupts a binary one (measured with vscode-oniguruma's onig.wasm).
 */
import { constants } from 'node:fs';
import fs from 'node:fs/promises';

async function exists(url: URL): Promise<boolean> {
  return fs.access(url, constants.R_OK).then(
    () => true,
    () => false,
  );
}

async function packageFile(bundled: URL, specifier: string): Promise<URL> {
  if (await exists(bundled)) return bundled;
  return new URL(import.meta.resolve(specifier));
}

let mermaid: Promise<string> | undefined;

export function mermaidScript(): Promise<string> {
  mermaid ??= packageFile(
    new URL('mermaid/dist/mermaid.min.js', import.meta.url),
    'mermaid/dist/mermaid.min.js',
  ).then((url) => fs.readFile(url, 'utf8'));
  // A failed read is not kept: the next page tries again.
  mermaid.catch(() => {
    mermaid = undefined;
  });
  return mermaid;
}

let stylesheet: Promise<string> | undefined;

/** github-markdown-css's light variant (it also colours the highlighted code's `pl-*` classes). */
export function githubLightStylesheet(): Promise<string> {
  stylesheet ??= packageFile(
    new URL('github-markdown-css/github-markdown-light.css', import.meta.url),
    'github-markdown-css/github-markdown-light.css',
  ).then((url) => fs.readFile(url, 'utf8'));
  stylesheet.catch(() => {
    stylesheet = undefined;
  });
  return stylesheet;
}
