/**
 * Where a resource URL written in a document (a Markdown image, an HTML `src`) really leads: a file inside the
 * workspace, a remote URL that is never fetched, or a refusal with its reason. The verdict rests on the real path
 * (symlinks followed), so a link that points out of the workspace or into `.git` is refused wherever it sits.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export type ResourceVerdict =
  | { kind: 'local'; path: string }
  | { kind: 'remote'; url: string }
  | { kind: 'refused'; reason: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const REMOTE_SCHEMES = new Set(['http', 'https', 'ftp', 'ftps', 'ws', 'wss']);

/** True when `inner` is `outer` or lies below it (both absolute and normalised). */
function isWithin(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** True when any folder between `root` and `target` is named `.git` (any case: some file systems fold case). */
function passesThroughGit(root: string, target: string): boolean {
  return path
    .relative(root, target)
    .split(path.sep)
    .some((segment) => segment.toLowerCase() === '.git');
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

export async function resolveLocalResource(
  url: string,
  documentDir: string,
  workspace: string,
): Promise<ResourceVerdict> {
  const written = url.trim();
  if (written === '') return { kind: 'refused', reason: 'empty path' };
  // Protocol-relative (`//host/x`), and `\\host` which browsers read the same way.
  if (/^[/\\]{2}/.test(written)) return { kind: 'remote', url: written };
  const scheme = SCHEME.exec(written)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (REMOTE_SCHEMES.has(scheme)) return { kind: 'remote', url: written };
    return { kind: 'refused', reason: `a ${scheme}: URL is not a file in the repository` };
  }

  const withoutSuffix = written.replace(/[?#].*$/s, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(withoutSuffix);
  } catch {
    return { kind: 'refused', reason: 'not a valid URL path' };
  }
  if (decoded === '' || decoded.includes('\0')) return { kind: 'refused', reason: 'not a file path' };

  // As on GitHub, a path that starts with `/` is read from the repository's root, not the machine's.
  const base = decoded.startsWith('/') ? workspace : documentDir;
  const wanted = path.resolve(base, decoded.replace(/^\/+/, ''));
  const root = path.resolve(workspace);
  if (!isWithin(root, wanted)) return { kind: 'refused', reason: 'outside the workspace' };
  if (passesThroughGit(root, wanted)) return { kind: 'refused', reason: 'inside .git' };

  let realRoot: string;
  let real: string;
  try {
    realRoot = await fs.realpath(root);
    real = await fs.realpath(wanted);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'refused', reason: 'not found' };
    if (code === 'ELOOP') return { kind: 'refused', reason: 'a symbolic link loop' };
    return { kind: 'refused', reason: `cannot be read (${code ?? 'error'})` };
  }
  if (!isWithin(realRoot, real))
    return { kind: 'refused', reason: 'a symbolic link leads outside the workspace' };
  if (passesThroughGit(realRoot, real)) return { kind: 'refused', reason: 'a symbolic link leads into .git' };

  const stats = await fs.stat(real).catch(() => undefined);
  if (stats === undefined) return { kind: 'refused', reason: 'not found' };
  if (!stats.isFile()) return { kind: 'refused', reason: 'not a file' };
  return { kind: 'local', path: real };
}
