/** What CSS text loads from outside: `url(…)` and `@import "…"` to a fetchable address. */
import { isFetchable } from './fetchable.ts';

export function cssReference(css: string): string | undefined {
  // Comments are dropped first: `url(/**/http://…)` must not hide the address.
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [, , address] of text.matchAll(/url\(\s*(["']?)([^"')]*)/gi)) {
    if (isFetchable(address as string)) return `url(${address})`;
  }
  for (const [, address] of text.matchAll(/@import\s+["']([^"']*)/gi)) {
    if (isFetchable(address as string)) return `@import ${address}`;
  }
  return undefined;
}
