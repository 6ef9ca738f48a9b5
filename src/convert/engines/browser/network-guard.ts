/**
 * Every request a page makes passes here, and none reaches a network: the document itself and the files it uses
 * from the workspace are answered from disk under a private origin that no host can own (`.invalid`); `data:` and
 * `about:` load as they are; everything else is stopped and, when it was a remote URL, listed as left out.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { resolveLocalResource } from './markdown/index.ts';

/** The origin the page is loaded from. `.invalid` is reserved (RFC 2606): no DNS ever answers for it. */
export const DOCUMENT_ORIGIN = 'http://document.invalid';

/** One file of the workspace a page may load (an image, a stylesheet, a font) is answered up to this size. */
export const MAX_RESOURCE_BYTES = 20 * 1024 * 1024;
/** What one document's page may load from the workspace in all. */
export const MAX_DOCUMENT_RESOURCE_BYTES = 100 * 1024 * 1024;
/** A page that asks for more remote URLs than this has its list cut (it is only a report). */
const MAX_LISTED_REMOTE = 200;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

export interface GuardedDocument {
  /** The document's path relative to the workspace, `/` separators: the page's URL is the origin plus this. */
  workspacePath: string;
  /** What the document's own URL answers with: the page's HTML. */
  html: string | Buffer;
  /** Serve the workspace files the page asks for (an HTML source's images and styles), by resolveLocalResource. */
  localFiles: { documentDir: string; workspace: string } | undefined;
}

/** What the guard saw: workspace files left out (with the reason) and remote URLs stopped. */
export interface GuardReport {
  warnings: string[];
  remoteLeftOut: string[];
}

export function documentUrl(workspacePath: string): string {
  return `${DOCUMENT_ORIGIN}/${workspacePath.split('/').map(encodeURIComponent).join('/')}`;
}

/** The handler each page answers requests with: one at a time, the current document's. */
const handlers = new WeakMap<Page, (request: HTTPRequest) => void>();

/**
 * Intercepts every request of `page` from now on, for `document`; the report fills in as the page loads and prints.
 * On a page reused from an earlier document, that document's handler is replaced: nothing it allowed carries over.
 */
export async function guardNetwork(page: Page, document: GuardedDocument): Promise<GuardReport> {
  const report: GuardReport = { warnings: [], remoteLeftOut: [] };
  const ownUrl = documentUrl(document.workspacePath);
  let budget = MAX_DOCUMENT_RESOURCE_BYTES;
  /** The page is served once; a later navigation to it (a refresh) would only reload it. */
  let loaded = false;

  const answer = async (request: HTTPRequest): Promise<void> => {
    const url = request.url();
    if (/^(?:data|about):/i.test(url)) return request.continue();
    const leavesPage = request.isNavigationRequest() && request.frame() === page.mainFrame();
    if (url === ownUrl && !(leavesPage && loaded)) {
      loaded ||= leavesPage;
      return request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: document.html });
    }
    if (url.startsWith(`${DOCUMENT_ORIGIN}/`)) {
      if (leavesPage) return request.respond({ status: 204, body: '' });
      const wanted = workspacePathOf(url);
      // The browser asks for a favicon on its own; that is no resource of the document's.
      if (document.localFiles === undefined || wanted === undefined || wanted === 'favicon.ico') {
        return request.abort('blockedbyclient');
      }
      const { documentDir, workspace } = document.localFiles;
      // A leading `/` is read from the workspace's root: the URL already holds the path from there.
      const verdict = await resolveLocalResource(`/${wanted}`, documentDir, workspace);
      if (verdict.kind !== 'local') {
        report.warnings.push(
          `${wanted} was left out (${verdict.kind === 'refused' ? verdict.reason : 'remote'})`,
        );
        return request.abort('blockedbyclient');
      }
      const read = await readBounded(verdict.path, Math.min(MAX_RESOURCE_BYTES, budget));
      if (!read.ok) {
        report.warnings.push(`${wanted} was left out (${read.reason})`);
        return request.abort('blockedbyclient');
      }
      budget -= read.bytes.length;
      const type = CONTENT_TYPES[path.extname(verdict.path).toLowerCase()] ?? 'application/octet-stream';
      return request.respond({ status: 200, contentType: type, body: read.bytes });
    }
    if (/^(?:https?|wss?|ftp):/i.test(url) && !report.remoteLeftOut.includes(url)) {
      if (report.remoteLeftOut.length < MAX_LISTED_REMOTE) report.remoteLeftOut.push(url);
    }
    // The page leaving itself (a meta refresh) is answered "no content", which keeps it where it is; an aborted
    // navigation would replace it with an error page.
    if (leavesPage) return request.respond({ status: 204, body: '' });
    return request.abort('blockedbyclient');
  };

  const handler = (request: HTTPRequest) => {
    // A request the page no longer waits for (closed, navigated away) cannot be answered; nothing is lost.
    answer(request).catch(() => request.abort('blockedbyclient').catch(() => {}));
  };
  const earlier = handlers.get(page);
  if (earlier) page.off('request', earlier);
  handlers.set(page, handler);
  page.on('request', handler);
  await page.setRequestInterception(true);
  return report;
}

/** The workspace path a private-origin URL names, decoded; undefined when it is not a plain path. */
export function workspacePathOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const decoded = decodeURIComponent(parsed.pathname).replace(/^\/+/, '');
    return decoded === '' || decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/** The file's bytes when it is at most `limit` long; read through one handle, so a file that grows stops there. */
export async function readBounded(
  file: string,
  limit: number,
): Promise<{ ok: true; bytes: Buffer } | { ok: false; reason: string }> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    if (size > limit) return { ok: false, reason: `larger than ${limit} bytes` };
    const bytes = Buffer.alloc(size);
    const { bytesRead } = await handle.read(bytes, 0, size, 0);
    return { ok: true, bytes: bytes.subarray(0, bytesRead) };
  } catch (error) {
    return { ok: false, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    await handle?.close();
  }
}
