/**
 * The workspace files a Markdown document's page is made from besides its own bytes: the local images the renderer
 * inlines (embed-images.ts), found in the same tree and resolved by the same resolver, so the conversion cache can
 * key a document by them too. Nothing is read here but the document: the files are only located.
 */
import path from 'node:path';
import { visit } from 'unist-util-visit';
import { markdownToTree } from './pipeline.ts';
import { readMarkdown } from './read-markdown.ts';
import { resolveLocalResource } from './resolve-resource.ts';

/** More images than a document a person reads holds; past it the listing says it is incomplete. */
export const MAX_LISTED_IMAGES = 200;

export interface MarkdownImage {
  /** The image's URL as the document writes it. */
  url: string;
  /** The real path of the workspace file the renderer would inline; undefined when it is remote, missing or refused. */
  file: string | undefined;
}

export type MarkdownImageFiles =
  | { complete: true; images: MarkdownImage[] }
  | { complete: false; why: string };

/** Every `<img>` of the rendered page, in page order, with where it leads. */
export async function markdownImageFiles(
  sourcePath: string,
  workspace: string,
  signal?: AbortSignal,
): Promise<MarkdownImageFiles> {
  let urls: string[];
  try {
    urls = imageUrlsOf(await markdownToTree(await readMarkdown(sourcePath, signal)));
  } catch (error) {
    return { complete: false, why: `not rendered (${(error as Error).message})` };
  }
  if (urls.length > MAX_LISTED_IMAGES) {
    return { complete: false, why: `${urls.length} images, more than ${MAX_LISTED_IMAGES}` };
  }
  const documentDir = path.dirname(sourcePath);
  const images: MarkdownImage[] = [];
  for (const url of urls) {
    signal?.throwIfAborted();
    const verdict = url.trim() === '' ? undefined : await resolveLocalResource(url, documentDir, workspace);
    images.push({ url, file: verdict?.kind === 'local' ? verdict.path : undefined });
  }
  return { complete: true, images };
}

function imageUrlsOf(tree: Awaited<ReturnType<typeof markdownToTree>>): string[] {
  const urls: string[] = [];
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'img') return;
    const src = node.properties.src;
    urls.push(typeof src === 'string' ? src : '');
  });
  return urls;
}
