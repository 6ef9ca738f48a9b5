/**
 * Every image of the page either inlined from the workspace as a `data:` URL or replaced by its alt text: remote
 * images are listed and never fetched, a missing or refused one is a warning naming it. `<source>` candidates of a
 * `<picture>` are dropped (the `<img>` inside is the light-theme fallback), their remote URLs listed.
 */
import type { Element, ElementContent, Parent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { MAX_IMAGE_BYTES, readImageAsDataUrl } from './image-data.ts';
import { resolveLocalResource } from './resolve-resource.ts';

export const MAX_IMAGE_BYTES_PER_DOCUMENT = 50 * 1024 * 1024;

export interface EmbedContext {
  documentDir: string;
  workspace: string;
  signal?: AbortSignal | undefined;
  maxImageBytes?: number;
  maxDocumentBytes?: number;
}

export interface EmbedOutcome {
  warnings: string[];
  remoteLeftOut: string[];
}

interface Found {
  node: Element;
  parent: Parent;
}

function replaceWithAlt({ node, parent }: Found): void {
  const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
  const at = parent.children.indexOf(node as ElementContent);
  if (at === -1) return;
  const replacement: ElementContent[] = alt === '' ? [] : [{ type: 'text', value: alt }];
  parent.children.splice(at, 1, ...replacement);
}

/** The URLs of a `srcset` list (`a.png 1x, b.png 2x`). */
function srcsetUrls(srcset: string): string[] {
  return srcset
    .split(',')
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    .filter((url) => url !== '');
}

export async function embedImages(tree: Root, context: EmbedContext): Promise<EmbedOutcome> {
  const images: Found[] = [];
  const sources: Found[] = [];
  visit(tree, 'element', (node, _index, parent) => {
    if (parent === undefined) return;
    if (node.tagName === 'img') images.push({ node, parent });
    else if (node.tagName === 'source') sources.push({ node, parent });
  });

  const outcome: EmbedOutcome = { warnings: [], remoteLeftOut: [] };
  const leaveOutRemote = (url: string): void => {
    if (!outcome.remoteLeftOut.includes(url)) outcome.remoteLeftOut.push(url);
  };
  const documentDir = context.documentDir;
  const perImage = context.maxImageBytes ?? MAX_IMAGE_BYTES;
  let budget = context.maxDocumentBytes ?? MAX_IMAGE_BYTES_PER_DOCUMENT;

  for (const found of sources) {
    const srcset = found.node.properties.srcSet;
    const list = Array.isArray(srcset) ? srcset.join(',') : typeof srcset === 'string' ? srcset : '';
    for (const url of srcsetUrls(list)) {
      const verdict = await resolveLocalResource(url, documentDir, context.workspace);
      if (verdict.kind === 'remote') leaveOutRemote(verdict.url);
    }
    const at = found.parent.children.indexOf(found.node);
    if (at !== -1) found.parent.children.splice(at, 1);
  }

  for (const found of images) {
    context.signal?.throwIfAborted();
    const src = found.node.properties.src;
    if (typeof src !== 'string' || src.trim() === '') {
      outcome.warnings.push('An image without a usable source was left out; its alt text is shown.');
      replaceWithAlt(found);
      continue;
    }
    const verdict = await resolveLocalResource(src, documentDir, context.workspace);
    if (verdict.kind === 'remote') {
      leaveOutRemote(verdict.url);
      replaceWithAlt(found);
      continue;
    }
    if (verdict.kind === 'refused') {
      outcome.warnings.push(`Image ${src} was left out (${verdict.reason}); its alt text is shown.`);
      replaceWithAlt(found);
      continue;
    }
    const data = await readImageAsDataUrl(verdict.path, Math.min(perImage, budget));
    if (!data.ok) {
      const reason =
        budget < perImage && data.reason.startsWith('larger than')
          ? `the document's images passed ${context.maxDocumentBytes ?? MAX_IMAGE_BYTES_PER_DOCUMENT} bytes`
          : data.reason;
      outcome.warnings.push(`Image ${src} was left out (${reason}); its alt text is shown.`);
      replaceWithAlt(found);
      continue;
    }
    budget -= data.bytes;
    found.node.properties.src = data.dataUrl;
  }
  return outcome;
}
