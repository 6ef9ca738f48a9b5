import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  MAX_LISTED_IMAGES,
  markdownImageFiles,
} from '../../../../../src/convert/engines/browser/markdown/dependencies.ts';
import { makeWorkspace, PNG_BYTES, type Workspace } from './workspace.ts';

describe('markdownImageFiles: the local files a Markdown page inlines', () => {
  let ws: Workspace;
  let real: (relative: string) => Promise<string>;
  before(async () => {
    ws = await makeWorkspace();
    await ws.write('docs/img/chart.png', PNG_BYTES);
    await ws.write('logo.png', PNG_BYTES);
    await ws.write('.git/secret.png', PNG_BYTES);
    await fs.symlink(path.join(ws.root, '.git', 'secret.png'), path.join(ws.root, 'docs', 'linked.png'));
    real = (relative) => fs.realpath(path.join(ws.root, relative));
  });
  after(() => ws.remove());

  it('lists Markdown images and raw <img> in page order, each with the real file it resolves to', async () => {
    const source = await ws.write(
      'docs/guide.md',
      [
        '# Guide',
        '![chart](img/chart.png "a title")',
        '<p><img src="/logo.png" alt="logo"></p>',
        '![remote](https://example.com/x.png)',
        '![missing](img/later.png)',
        '![into git](linked.png)',
        '![outside](../../outside.png)',
        '`![in code](img/chart.png)`',
      ].join('\n\n'),
    );
    const listed = await markdownImageFiles(source, ws.root);
    assert.deepEqual(listed, {
      complete: true,
      images: [
        { url: 'img/chart.png', file: await real('docs/img/chart.png') },
        { url: '/logo.png', file: await real('logo.png') },
        { url: 'https://example.com/x.png', file: undefined },
        { url: 'img/later.png', file: undefined },
        { url: 'linked.png', file: undefined },
        { url: '../../outside.png', file: undefined },
      ],
    });
  });

  it('lists nothing for a document without images', async () => {
    const source = await ws.write('docs/plain.md', '# Plain\n\nNo pictures here.\n');
    assert.deepEqual(await markdownImageFiles(source, ws.root), { complete: true, images: [] });
  });

  it(`says the listing is incomplete past ${MAX_LISTED_IMAGES} images, instead of listing some`, async () => {
    const many = Array.from({ length: MAX_LISTED_IMAGES + 1 }, (_, i) => `![i${i}](img/chart.png)`).join(
      '\n',
    );
    const source = await ws.write('docs/many.md', many);
    const listed = await markdownImageFiles(source, ws.root);
    assert.equal(listed.complete, false);
    assert.match(listed.complete ? '' : listed.why, new RegExp(`${MAX_LISTED_IMAGES + 1} images`));
  });
});
