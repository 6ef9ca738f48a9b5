/** What is done inside a loaded page before it is printed: diagrams drawn, links pointed somewhere that exists. */
import type { Page } from 'puppeteer-core';
import { mermaidScript } from './markdown/index.ts';
import { DOCUMENT_ORIGIN } from './network-guard.ts';

/** Draws the page's `pre.mermaid` blocks with the bundled mermaid; resolves with the problem when one failed. */
export async function drawDiagrams(page: Page): Promise<string | undefined> {
  await page.addScriptTag({ content: await mermaidScript() });
  return page.evaluate(async () => {
    const mermaid = (globalThis as unknown as { mermaid: MermaidApi }).mermaid;
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
    try {
      await mermaid.run({ querySelector: 'pre.mermaid' });
      return undefined;
    } catch (error) {
      return String((error as Error)?.message ?? error);
    }
  });
}

/** The little of the DOM the page steps use (the project compiles without the DOM's types). */
interface PageElement {
  href?: string;
  alt?: string;
  complete?: boolean;
  naturalWidth?: number;
  replaceWith(...nodes: string[]): void;
  remove(): void;
  removeAttribute(name: string): void;
  setAttribute(name: string, value: string): void;
}
interface PageGlobals {
  document: { querySelectorAll(selector: string): ArrayLike<PageElement> };
}

interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  run(options: { querySelector: string }): Promise<void>;
}

/**
 * An image the page could not load (left out: remote, missing, refused) shows its alt text, as on GitHub, instead
 * of the browser's broken-image icon.
 */
export async function showAltTextOfMissingImages(page: Page): Promise<void> {
  await page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    for (const image of Array.from(document.querySelectorAll('img'))) {
      if (image.complete === true && image.naturalWidth === 0) image.replaceWith(image.alt ?? '');
    }
  });
}

/** Removes every script element: what is saved as HTML must run nothing when opened. */
export async function removeScripts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    for (const script of Array.from(document.querySelectorAll('script'))) script.remove();
  });
}

/**
 * Links into the workspace would print as the private origin's URLs, which lead nowhere: they point at the file in
 * the repository (`<server>/<owner>/<repo>/blob/<sha>/<path>`) when the run knows it, else they are unlinked (the
 * text stays). Links within the page (`#section`) and to the web are kept.
 */
export async function pointLinksAtRepository(
  page: Page,
  documentUrl: string,
  repositoryBlobBase: string | undefined,
): Promise<void> {
  await page.evaluate(
    (origin: string, own: string, base: string | null) => {
      const { document } = globalThis as unknown as PageGlobals;
      for (const link of Array.from(document.querySelectorAll('a[href]'))) {
        const target = link.href ?? '';
        if (!target.startsWith(`${origin}/`)) continue;
        const url = new URL(target);
        if (`${url.origin}${url.pathname}` === own && url.hash !== '') continue;
        if (base === null) link.removeAttribute('href');
        else link.setAttribute('href', `${base}${url.pathname}${url.hash}`);
      }
    },
    DOCUMENT_ORIGIN,
    documentUrl,
    repositoryBlobBase ?? null,
  );
}
