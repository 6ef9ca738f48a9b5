/**
 * Storage keys are `/`-separated paths in the service's storage. Each segment is percent-encoded on its own so
 * that names with `#`, `?`, `%`, `+`, spaces or non-ASCII letters reach the server unchanged (the official SDK
 * inserts them raw, which truncates `a #1.docx` to `a `).
 */

/** Thrown for a key that cannot be addressed safely; a programming or input error, never retried. */
export class InvalidStorageKeyError extends Error {
  override name = 'InvalidStorageKeyError';
}

/** Drops leading and trailing `/` and rejects keys the URL layer would rewrite (`.`, `..`, empty segments). */
export function normalizeStorageKey(key: string): string {
  const trimmed = key.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') throw new InvalidStorageKeyError(`storage key ${JSON.stringify(key)} is empty`);
  for (const segment of trimmed.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidStorageKeyError(
        `storage key ${JSON.stringify(key)} has an empty, "." or ".." segment, which URLs cannot carry unchanged`,
      );
    }
  }
  return trimmed;
}

/** The key as a URL path: every segment through encodeURIComponent, `/` kept as the separator. */
export function encodeStorageKey(key: string): string {
  const segments = normalizeStorageKey(key).split('/');
  try {
    return segments.map(encodeURIComponent).join('/');
  } catch {
    throw new InvalidStorageKeyError(`storage key ${JSON.stringify(key)} is not valid Unicode text`);
  }
}

/** The last segment of a key, i.e. the file name. */
export function storageKeyFileName(key: string): string {
  const segments = normalizeStorageKey(key).split('/');
  return segments[segments.length - 1] ?? '';
}
