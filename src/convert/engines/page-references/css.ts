/** What CSS text loads: the addresses of its `url(…)` and `@import "…"`. */

export interface CssAddress {
  address: string;
  /** How it is written, for a message: `url(a.png)`, `@import a.css`. */
  written: string;
}

export function cssAddresses(css: string): CssAddress[] {
  // Comments are dropped first: `url(/**/http://…)` must not hide the address.
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const found: CssAddress[] = [];
  for (const [, , address = ''] of text.matchAll(/url\(\s*(["']?)([^"')]*)/gi)) {
    found.push({ address, written: `url(${address})` });
  }
  for (const [, address = ''] of text.matchAll(/@import\s+["']([^"']*)/gi)) {
    found.push({ address, written: `@import ${address}` });
  }
  return found;
}
