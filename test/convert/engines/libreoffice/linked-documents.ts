/**
 * Small office documents built in the test, as zip packages (the emulator's stored-zip writer): a .docx whose
 * picture is an External image relationship, and an .odt whose image is an xlink:href to a URL.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { prepareZip } from '../../../emulator/zip.ts';

/** Writes a zip of `members` (name → text) to `file`. */
export async function writeZip(file: string, members: Readonly<Record<string, string>>): Promise<void> {
  const staging = await mkdtemp(path.join(os.tmpdir(), 'zip-members-'));
  try {
    const entries = await Promise.all(
      Object.entries(members).map(async ([name, text], i) => {
        const source = path.join(staging, String(i));
        await writeFile(source, text);
        return { name, file: source, size: Buffer.byteLength(text) };
      }),
    );
    const zip = await prepareZip(entries);
    await pipeline(zip.stream(), createWriteStream(file));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const IMAGE_TYPE = `${R}/image`;
const HYPERLINK_TYPE = `${R}/hyperlink`;

/** A one-paragraph .docx saying `text`; with `imageUrl`, a picture linked (not embedded) from that address. */
export function docxMembers(
  text: string,
  links: { imageUrl?: string; hyperlinkUrl?: string } = {},
): Record<string, string> {
  const relationships = [
    links.imageUrl
      ? `<Relationship Id="rIdImg" Type="${IMAGE_TYPE}" Target="${links.imageUrl}" TargetMode="External"/>`
      : '',
    links.hyperlinkUrl
      ? `<Relationship Id="rIdLink" Type="${HYPERLINK_TYPE}" Target="${links.hyperlinkUrl}" TargetMode="External"/>`
      : '',
  ].join('');
  const picture = links.imageUrl
    ? `<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="914400" cy="914400"/><wp:docPr id="1" name="Picture 1"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="1" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rIdImg"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
    : '';
  return {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`,
    'word/_rels/document.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships}</Relationships>`,
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}" xmlns:r="${R}"><w:body><w:p><w:r><w:t>${text}</w:t></w:r>${picture}</w:p></w:body></w:document>`,
  };
}

/** An .odt saying `text`, with `extra` (ODF XML) after the paragraph in content.xml. */
export function odtMembers(text: string, extra = ''): Record<string, string> {
  return {
    mimetype: 'application/vnd.oasis.opendocument.text',
    'META-INF/manifest.xml':
      '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
    'content.xml': `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2"><office:body><office:text><text:p>${text}</text:p>${extra}</office:text></office:body></office:document-content>`,
  };
}
