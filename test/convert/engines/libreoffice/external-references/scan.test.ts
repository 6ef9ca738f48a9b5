import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scanExternalReferences } from '../../../../../src/convert/engines/libreoffice/external-references/index.ts';
import { repoRoot } from '../../../../e2e/run-action.ts';
import { docxMembers, odtMembers, writeZip } from '../linked-documents.ts';

let folder: string;
before(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'references-'));
});
after(() => rm(folder, { recursive: true, force: true }));

async function scanZip(name: string, members: Record<string, string>) {
  const file = path.join(folder, name);
  await writeZip(file, members);
  return scanExternalReferences(file, path.extname(name).slice(1));
}

async function scanText(name: string, text: string | Buffer) {
  const file = path.join(folder, name);
  await writeFile(file, text);
  return scanExternalReferences(file, path.extname(name).slice(1));
}

const URL = 'http://127.0.0.1:9/pixel.png';

describe('OOXML packages', () => {
  it('names an External image relationship, with its part', async () => {
    assert.deepEqual(await scanZip('linked.docx', docxMembers('Hi', { imageUrl: URL })), {
      verdict: 'external',
      reference: `image ${URL} (in word/_rels/document.xml.rels)`,
    });
  });

  it('lets an External hyperlink pass (it is followed only on a click)', async () => {
    assert.deepEqual(await scanZip('link.docx', docxMembers('Hi', { hyperlinkUrl: URL })), {
      verdict: 'clean',
    });
  });

  it('reads a real, deflated package through (the fixtures are clean)', async () => {
    for (const name of ['letter.docx', 'budget.xlsx', 'slides.pptx', 'notes.odt']) {
      const file = path.join(repoRoot, 'test/fixtures/documents', name);
      assert.deepEqual(
        await scanExternalReferences(file, path.extname(name).slice(1)),
        { verdict: 'clean' },
        name,
      );
    }
  });

  it('refuses a file named .docx that is not a zip', async () => {
    const scan = await scanText('fake.docx', 'PK not really');
    assert.equal(scan.verdict, 'unreadable');
  });
});

describe('ODF packages and flat XML', () => {
  it('names an image, a fill image in styles.xml, and a remapped prefix', async () => {
    const image = await scanZip(
      'image.odt',
      odtMembers('Hi', `<draw:frame><draw:image xlink:href="${URL}"/></draw:frame>`),
    );
    assert.deepEqual(image, { verdict: 'external', reference: `image ${URL} (in content.xml)` });
    const fill = await scanZip('fill.odt', {
      ...odtMembers('Hi'),
      'styles.xml': `<office:document-styles xmlns:x="http://www.w3.org/1999/xlink"><draw:fill-image draw:name="f" x:href="//127.0.0.1:9/f.png"/></office:document-styles>`,
    });
    assert.equal(fill.verdict, 'external');
    assert.match(
      (fill as { reference: string }).reference,
      /fill-image \/\/127\.0\.0\.1:9\/f\.png \(in styles\.xml\)/,
    );
  });

  it('lets hyperlinks (text:a) and images inside the package pass', async () => {
    const scan = await scanZip(
      'links.odt',
      odtMembers(
        'Hi',
        `<text:p><text:a xlink:href="${URL}">x</text:a></text:p><draw:image xlink:href="Pictures/a.png"/>`,
      ),
    );
    assert.deepEqual(scan, { verdict: 'clean' });
  });

  it('is not fooled by a quote in a comment, a character reference, or an entity of its own', async () => {
    const hidden = await scanText(
      'hidden.fodt',
      `<office:document><!-- it's --><draw:image xlink:href="h&#116;tp://127.0.0.1:9/c.png"/><!-- ' --></office:document>`,
    );
    assert.deepEqual(hidden, { verdict: 'external', reference: 'image http://127.0.0.1:9/c.png' });
    const entity = await scanText(
      'entity.fodt',
      `<office:document><draw:image xlink:href="&remote;"/></office:document>`,
    );
    assert.equal(entity.verdict, 'external');
  });

  it('reads a flat XML file that is really HTML as HTML too', async () => {
    const scan = await scanText('page.fodt', `<html><body><img src="${URL}"></body></html>`);
    assert.deepEqual(scan, { verdict: 'external', reference: `<img src> ${URL}` });
  });
});

describe('HTML', () => {
  const cases: [string, string][] = [
    [`<img src="${URL}">`, `<img src> ${URL}`],
    [`<link rel="stylesheet" href="${URL}">`, `<link href> ${URL}`],
    [`<body background="${URL}">`, `<body background> ${URL}`],
    [`<iframe src="${URL}"></iframe>`, `<iframe src> ${URL}`],
    [`<input type="image" src="${URL}">`, `<input src> ${URL}`],
    [`<p style="background: url('${URL}')">x</p>`, `<p style> url(${URL})`],
    [`<style>p { background: url(/**/${URL}) }</style>`, `<style> url(${URL})`],
    [`<object data="file:///etc/passwd"></object>`, '<object data> file:///etc/passwd'],
  ];
  for (const [html, reference] of cases) {
    it(`names ${reference}`, async () => {
      assert.deepEqual(await scanText('page.html', `<html>${html}<p>text</p></html>`), {
        verdict: 'external',
        reference,
      });
    });
  }

  it('lets hyperlinks, inline data and script text pass', async () => {
    const scan = await scanText(
      'clean.html',
      `<a href="${URL}">x</a><img src="data:image/png;base64,AAAA"><img src="local.png"><script>var s = "<img src='${URL}'>";</script>`,
    );
    assert.deepEqual(scan, { verdict: 'clean' });
  });

  it('refuses a page in UTF-16 (which it cannot read as it streams)', async () => {
    const scan = await scanText('wide.html', Buffer.from(`\ufeff<img src="${URL}">`, 'utf16le'));
    assert.equal(scan.verdict, 'unreadable');
  });
});

describe('RTF, binary and plain text', () => {
  it('names an INCLUDEPICTURE field', async () => {
    const scan = await scanText(
      'pic.rtf',
      `{\\rtf1 {\\field{\\*\\fldinst INCLUDEPICTURE "${URL}" \\\\d}{\\fldrslt x}}}`,
    );
    assert.deepEqual(scan, { verdict: 'external', reference: `INCLUDEPICTURE ${URL}` });
  });

  it('lets an RTF hyperlink field pass', async () => {
    const scan = await scanText(
      'link.rtf',
      `{\\rtf1 {\\field{\\*\\fldinst HYPERLINK "${URL}"}{\\fldrslt x}}}`,
    );
    assert.deepEqual(scan, { verdict: 'clean' });
  });

  it('refuses a binary .doc (it cannot be read for links) and passes .txt', async () => {
    const doc = await scanText('old.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    assert.equal(doc.verdict, 'unreadable');
    assert.match((doc as { reason: string }).reason, /\.doc\) cannot be checked/);
    assert.deepEqual(await scanText('plain.txt', `<img src="${URL}">`), { verdict: 'clean' });
  });
});
