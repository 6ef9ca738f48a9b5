/** Whether LibreOffice would fetch what a reference names: a URL of any scheme, a `//host` or `\\host` path. */

/** Schemes that carry their content inline or name a part of the package itself: nothing is fetched. */
const INLINE_SCHEMES = new Set(['data', 'vnd.sun.star.package', 'vnd.sun.star.script']);

export function isFetchable(reference: string): boolean {
  // Whitespace and control characters are dropped first: a URL parser may skip them (`h\ttp:`), the check must not.
  const compact = reference.replace(/[\p{Cc}\s]/gu, '');
  if (/^[\\/]{2}/.test(compact)) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1];
  return scheme !== undefined && !INLINE_SCHEMES.has(scheme.toLowerCase());
}
