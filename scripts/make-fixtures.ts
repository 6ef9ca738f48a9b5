/**
 * `node scripts/make-fixtures.ts`: makes the small real documents under test/fixtures/documents/ with LibreOffice
 * itself, from text sources written here, so every fixture is the project's own and can be made again. Run it once
 * after changing a source below and commit the results; the tests only read them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../test/e2e/run-action.ts';

const target = path.join(repoRoot, 'test/fixtures/documents');
const work = await mkdtemp(path.join(os.tmpdir(), 'fixtures-'));
const profile = pathToFileURL(path.join(work, 'profile')).href;

const page = (title: string, body: string) =>
  `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>\n${body}\n</body></html>\n`;

/** Two pages: the second starts with a page break. */
const letterHtml = page(
  'Quarterly letter',
  `<h1>Quarterly letter</h1>\n<p>Alpha page one of the letter.</p>\n<p style="page-break-before: always">Bravo page two of the letter.</p>`,
);
const notesHtml = page('Meeting notes', '<h1>Meeting notes</h1>\n<p>Charlie decided to ship on Friday.</p>');
/** A paragraph in a font no runner has: with fonts-dir holding it, the PDF must embed it. */
const brandHtml = page(
  'Brand',
  '<h1>Brand sheet</h1>\n<p style="font-family: \'Bangers\'">Delta shouts in Bangers.</p>',
);
const budgetCsv = 'Item,Amount\nEcho rent,1200\nFoxtrot food,300\n';

const slide = (name: string, text: string) => `
  <draw:page draw:name="${name}" draw:master-page-name="Default">
   <draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>${text}</text:p></draw:text-box></draw:frame>
  </draw:page>`;
/** Flat OpenDocument presentation with two slides, LibreOffice's own XML format, so no binary source is needed. */
const slidesFodp = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
 <office:automatic-styles>
  <style:page-layout style:name="PM1"><style:page-layout-properties fo:page-width="28cm" fo:page-height="15.75cm" style:print-orientation="landscape"/></style:page-layout>
 </office:automatic-styles>
 <office:master-styles><style:master-page style:name="Default" style:page-layout-name="PM1"/></office:master-styles>
 <office:body><office:presentation>${slide('One', 'Golf opens the deck')}${slide('Two', 'Hotel closes the deck')}
 </office:presentation></office:body>
</office:document>
`;

const sources: { name: string; text: string; to: string; as: string; infilter?: string }[] = [
  {
    name: 'letter.html',
    text: letterHtml,
    to: 'docx:MS Word 2007 XML',
    as: 'letter.docx',
    infilter: 'HTML (StarWriter)',
  },
  { name: 'notes.html', text: notesHtml, to: 'odt:writer8', as: 'notes.odt', infilter: 'HTML (StarWriter)' },
  {
    name: 'brand.html',
    text: brandHtml,
    to: 'docx:MS Word 2007 XML',
    as: 'brand.docx',
    infilter: 'HTML (StarWriter)',
  },
  {
    name: 'budget.csv',
    text: budgetCsv,
    to: 'xlsx:Calc MS Excel 2007 XML',
    as: 'budget.xlsx',
    infilter: 'Text - txt - csv (StarCalc):44,34,76,1',
  },
  { name: 'slides.fodp', text: slidesFodp, to: 'pptx:Impress MS PowerPoint 2007 XML', as: 'slides.pptx' },
];

try {
  for (const source of sources) {
    const file = path.join(work, source.name);
    await writeFile(file, source.text);
    const out = path.join(work, 'out');
    execFileSync('soffice', [
      `-env:UserInstallation=${profile}`,
      '--headless',
      '--norestore',
      ...(source.infilter ? [`--infilter=${source.infilter}`] : []),
      '--convert-to',
      source.to,
      '--outdir',
      out,
      file,
    ]);
    const made = path.join(out, `${path.parse(source.name).name}${path.extname(source.as)}`);
    await rename(made, path.join(target, source.as));
    console.log(`made ${source.as}`);
  }
  // Written directly: a plain-text and an HTML source, read as they are.
  await writeFile(
    path.join(target, 'readme.txt'),
    'India reads plain text.\nJuliet is on the second line.\n',
  );
  await writeFile(
    path.join(target, 'page.html'),
    page('Kilo page', '<h1>Kilo page</h1>\n<p>Lima paragraph in HTML.</p>'),
  );
  // Looks like a .docx (a zip header) but is not one: LibreOffice cannot open it.
  await writeFile(
    path.join(target, 'corrupt.docx'),
    Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]),
  );
  console.log('made readme.txt, page.html, corrupt.docx');
} finally {
  await rm(work, { recursive: true, force: true });
}
