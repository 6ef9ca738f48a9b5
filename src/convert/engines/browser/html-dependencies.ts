/**
 * The workspace files an HTML source's page loads besides its own bytes (stylesheets, images, fonts, framed pages),
 * found the way the network guard answers them: each address resolved against the URL of the file that names it,
 * then judged by resolveLocalResource from the workspace's root. Stylesheets and framed pages are read for what they
 * load in turn. Scripts never run, so what the page can load is written in these files. A page with `<base>` (which
 * moves every address) or past the bounds is listed as incomplete, so the cache never reuses it.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { cssAddresses } from '../page-references/css.ts';
import { visitHtmlAddresses } from '../page-references/html.ts';
import { fileChunks } from '../page-references/text-chunks.ts';
import { resolveLocalResource } from './markdown/index.ts';
import {
  DOCUMENT_ORIGIN,
  documentUrl,
  MAX_RESOURCE_BYTES,
  readBounded,
  workspacePathOf,
} from './network-guard.ts';
import { MAX_HTML_SOURCE_BYTES } from './page-content.ts';

/** More files than a page a person reads loads; past it the listing says it is incomplete. */
export const MAX_LISTED_RESOURCES = 200;
/** Addresses read from one file (repeats included) before the listing gives up. */
const MAX_ADDRESSES_PER_FILE = 10_000;

export interface PageResource {
  /** The workspace path the page asks for, as the guard sees it. */
  reference: string;
  /** The real path of the file the guard would answer with; undefined when it is missing or refused. */
  file: string | undefined;
}

export type HtmlResourceFiles =
  | { complete: true; resources: PageResource[] }
  | { complete: false; why: string };

/** A file to read for what it loads; `limit`: past this size the page would not get it, so it is not read. */
type Scanned = { url: string; file: string; kind: 'html' | 'css'; limit: number };

const HTML_LIKE = new Set(['.html', '.htm', '.svg', '.xhtml']);

export async function htmlResourceFiles(
  sourcePath: string,
  workspacePath: string,
  workspace: string,
): Promise<HtmlResourceFiles> {
  const pageUrl = documentUrl(workspacePath);
  const queue: Scanned[] = [{ url: pageUrl, file: sourcePath, kind: 'html', limit: MAX_HTML_SOURCE_BYTES }];
  const resources = new Map<string, PageResource>();
  try {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const address of await addressesIn(next)) {
        if (address === 'base') return { complete: false, why: `${next.url} has a <base> element` };
        const wanted = guardedPath(address, next.url);
        if (wanted === undefined || wanted === workspacePath || resources.has(wanted)) continue;
        const verdict = await resolveLocalResource(`/${wanted}`, path.dirname(sourcePath), workspace);
        const file = verdict.kind === 'local' ? verdict.path : undefined;
        resources.set(wanted, { reference: wanted, file });
        if (resources.size > MAX_LISTED_RESOURCES) {
          return { complete: false, why: `it loads more than ${MAX_LISTED_RESOURCES} files` };
        }
        const extension = path.extname(wanted).toLowerCase();
        const url = `${DOCUMENT_ORIGIN}/${wanted}`;
        const limit = MAX_RESOURCE_BYTES;
        if (file !== undefined && extension === '.css') queue.push({ url, file, kind: 'css', limit });
        if (file !== undefined && HTML_LIKE.has(extension)) queue.push({ url, file, kind: 'html', limit });
      }
    }
  } catch (error) {
    return { complete: false, why: `not read (${(error as Error).message})` };
  }
  return { complete: true, resources: [...resources.values()] };
}

/** The addresses a file loads, or 'base' where a <base> element moves them all. */
async function addressesIn({ file, kind, limit }: Scanned): Promise<string[]> {
  const { size } = await stat(file);
  if (size > limit) return [];
  if (kind === 'css') {
    // Read as the guard reads it: a stylesheet the page would not get loads nothing.
    const read = await readBounded(file, limit);
    return read.ok ? cssAddresses(read.bytes.toString('utf8')).map((found) => found.address) : [];
  }
  const addresses: string[] = [];
  await visitHtmlAddresses(fileChunks(file), ({ address, written }) => {
    addresses.push(written.startsWith('<base ') ? 'base' : address);
    if (addresses.length > MAX_ADDRESSES_PER_FILE) {
      throw new Error(`it names more than ${MAX_ADDRESSES_PER_FILE} addresses`);
    }
    return undefined;
  });
  return addresses;
}

/** The workspace path the page's request for `address` names, or undefined when it is not one (remote, data:). */
function guardedPath(address: string, base: string): string | undefined {
  const written = address.trim();
  if (written === '' || written.startsWith('#')) return undefined;
  let url: URL;
  try {
    url = new URL(written, base);
  } catch {
    return undefined;
  }
  if (url.origin !== DOCUMENT_ORIGIN) return undefined;
  const wanted = workspacePathOf(url.href);
  return wanted === 'favicon.ico' ? undefined : wanted;
}
