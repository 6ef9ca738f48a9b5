/**
 * How a document gets into its page. Navigating gives it a new document and window, and costs Chrome about 95 ms of
 * CPU (the browser's navigation machinery, more than the page's own layout): a quarter of a small Markdown document's
 * whole conversion. So a Markdown page that runs no script is written over the page's last document instead
 * (`document.open`), when every document that window ever held was such a page too: then no script has ever run in
 * it, so the window keeps nothing a document could have left, and `document.open` removes the last document's
 * nodes and listeners. Everything else (an HTML source, a page with diagrams) is navigated to, and the window it
 * leaves is navigated away from by whatever comes next.
 */
import type { Page } from 'puppeteer-core';
import { documentUrl } from './network-guard.ts';
import type { PageContent } from './page-content.ts';

/** Pages whose window has only held script-free Markdown pages of ours since it was made. */
const scriptFreeWindows = new WeakSet<Page>();

/**
 * Loads `content` into `page` (network guard and script setting already in place) and waits for its `load` event,
 * which waits for its images. Says whether it navigated or wrote over the last document.
 */
export async function loadDocument(page: Page, content: PageContent): Promise<'navigated' | 'written over'> {
  const url = documentUrl(content.workspacePath);
  const scriptFree = content.markdown && !content.needsMermaid;
  if (scriptFree && scriptFreeWindows.has(page) && typeof content.html === 'string') {
    await page.setContent(content.html, { waitUntil: 'load', timeout: 0 });
    // The document keeps the last one's URL: its own makes its relative links resolve as they would there.
    await page.evaluate((own: string) => {
      const { history } = globalThis as unknown as {
        history: { replaceState(s: null, t: string, u: string): void };
      };
      history.replaceState(null, '', own);
    }, url);
    return 'written over';
  }
  scriptFreeWindows.delete(page);
  await page.goto(url, { waitUntil: 'load', timeout: 0 });
  if (scriptFree) scriptFreeWindows.add(page);
  return 'navigated';
}
