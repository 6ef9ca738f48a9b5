import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Element, Root } from 'hast';
import { embedImages } from '../../../../../src/convert/engines/browser/markdown/embed-images.ts';
import { makeWorkspace, PNG_BYTES, type Workspace } from './workspace.ts';

function paragraphOfImages(...sources: string[]): Root {
  const images: Element[] = sources.map((src, index) => ({
    type: 'element',
    tagName: 'img',
    properties: { src, alt: `alt ${index}` },
    children: [],
  }));
  return { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: images }] };
}

function shown(tree: Root): string[] {
  const paragraph = tree.children[0] as Element;
  return paragraph.children.map((node) =>
    node.type === 'text'
      ? `text:${node.value}`
      : `img:${String((node as Element).properties.src).slice(0, 14)}`,
  );
}

describe('embedImages limits', () => {
  let ws: Workspace;
  let documentDir: string;
  before(async () => {
    ws = await makeWorkspace();
    await ws.write('docs/small.png', PNG_BYTES);
    await ws.write('docs/big.png', Buffer.concat([PNG_BYTES, Buffer.alloc(1000)]));
    documentDir = path.join(ws.root, 'docs');
  });
  after(() => ws.remove());

  it('leaves out an image larger than the per-image limit, with a warning and its alt text', async () => {
    const tree = paragraphOfImages('big.png', 'small.png');
    const outcome = await embedImages(tree, { documentDir, workspace: ws.root, maxImageBytes: 500 });
    assert.deepEqual(shown(tree), ['text:alt 0', 'img:data:image/png']);
    assert.deepEqual(outcome.warnings, [
      'Image big.png was left out (larger than 500 bytes); its alt text is shown.',
    ]);
  });

  it("stops inlining once the document's images pass the per-document limit", async () => {
    const tree = paragraphOfImages('small.png', 'small.png', 'small.png');
    const outcome = await embedImages(tree, {
      documentDir,
      workspace: ws.root,
      maxDocumentBytes: PNG_BYTES.length * 2,
    });
    assert.deepEqual(shown(tree), ['img:data:image/png', 'img:data:image/png', 'text:alt 2']);
    assert.deepEqual(outcome.warnings, [
      `Image small.png was left out (the document's images passed ${PNG_BYTES.length * 2} bytes); its alt text is shown.`,
    ]);
  });

  it('stops at once when the signal is aborted', async () => {
    const tree = paragraphOfImages('small.png');
    const signal = AbortSignal.abort();
    await assert.rejects(embedImages(tree, { documentDir, workspace: ws.root, signal }), {
      name: 'AbortError',
    });
  });
});
