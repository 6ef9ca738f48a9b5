/**
 * Deterministic stand-ins for converted documents. Each carries the lines `source: <filePath>` and
 * `sha256: <input hex>` (and `page: n`) verbatim as UTF-8, so a test can prove which input produced it.
 */
import { crc32, deflateSync } from 'node:zlib';

export const imageTargets: ReadonlySet<string> = new Set([
  'png',
  'jpg',
  'jpeg',
  'tiff',
  'tif',
  'bmp',
  'gif',
  'svg',
]);

export interface PlannedOutput {
  name: string;
  page?: number;
}

/** `<stem>.<format>`, or `<stem>-page-<n>.<format>` per page for image targets. */
export function plannedOutputs(stem: string, format: string, pages: number): PlannedOutput[] {
  if (!imageTargets.has(format)) return [{ name: `${stem}.${format}` }];
  return Array.from({ length: pages }, (_, i) => ({ name: `${stem}-page-${i + 1}.${format}`, page: i + 1 }));
}

export function renderOutput(format: string, lines: readonly string[], sourceText?: string): Buffer {
  switch (format) {
    case 'pdf':
      return sourceText === undefined ? pdfDocument(lines) : pdfDocument(lines, textPages(sourceText));
    case 'png':
      return pngImage(lines);
    case 'html':
      return Buffer.from(htmlPage(lines));
    case 'svg':
      return Buffer.from(svgImage(lines));
    default:
      return Buffer.from(`GroupDocs.Conversion emulator output (${format})\n${lines.join('\n')}\n`);
  }
}

/** Lines of a page at most; a source's text breaks to a new page after this many lines or at a form feed. */
export const LINES_PER_PAGE = 40;
/** A stand-in never makes more pages than this, whatever the source. */
const MAX_PAGES = 500;

/** The source's text as pages: a form feed starts a new page, and so does every LINES_PER_PAGE-th line. */
export function textPages(text: string): string[][] {
  const pages: string[][] = [];
  for (const chunk of text.split('\f')) {
    const lines = chunk.split(/\r?\n/);
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    for (let at = 0; at < lines.length || at === 0; at += LINES_PER_PAGE) {
      pages.push(lines.slice(at, at + LINES_PER_PAGE));
      if (pages.length === MAX_PAGES) return pages;
    }
  }
  return pages;
}

/**
 * A PDF 1.4 in Helvetica with exact xref offsets. Without `pages`: one page showing `lines`. With `pages`: one
 * page per entry showing its lines, and `lines` on page 1 as invisible text (render mode 3, like an OCR layer):
 * extractable and in the file, but not drawn, so two versions of a source differ in pixels only where their
 * text does.
 */
export function pdfDocument(lines: readonly string[], pages?: readonly (readonly string[])[]): Buffer {
  const shownPages = pages === undefined || pages.length === 0 ? [lines] : pages;
  const hidden = pages === undefined ? [] : lines;
  const pageCount = shownPages.length;
  // Objects: 1 catalog, 2 pages, 3 font, then a page and its content stream for each page.
  const pageObject = (index: number) => 4 + index * 2;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${shownPages.map((_, i) => `${pageObject(i)} 0 R`).join(' ')}] /Count ${pageCount} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  shownPages.forEach((pageLines, i) => {
    const content = pageContent(pageLines, i === 0 ? hidden : []);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageObject(i) + 1} 0 R >>`,
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    );
  });
  const parts: Buffer[] = [
    Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
    // Comments keep the lines greppable as UTF-8 whatever the page encoding does to them.
    Buffer.from(lines.map((line) => `% ${line}\n`).join(''), 'utf8'),
  ];
  let offset = parts.reduce((sum, part) => sum + part.length, 0);
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    const object = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
    offsets.push(offset);
    parts.push(object);
    offset += object.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n');
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

/** A page's content stream: the hidden lines in render mode 3 (not drawn), then the shown lines. */
function pageContent(shown: readonly string[], hidden: readonly string[]): string {
  const text = (lines: readonly string[]) =>
    lines.map((line, i) => `${i === 0 ? '' : 'T*\n'}(${pdfString(line)}) Tj`).join('\n');
  const blocks: string[] = [];
  if (hidden.length > 0) blocks.push(`BT\n3 Tr\n/F1 10 Tf\n14 TL\n72 770 Td\n${text(hidden)}\nET`);
  // The render mode is graphics state and outlives ET: set it back to fill (0) for the shown text.
  blocks.push(`BT\n0 Tr\n/F1 10 Tf\n14 TL\n72 740 Td\n${text(shown)}\nET`);
  return blocks.join('\n');
}

/** PDF literal string body: ASCII as is, Latin-1 as octal escapes (WinAnsi), anything else as '?'. */
function pdfString(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0x3f;
    if (char === '(' || char === ')' || char === '\\') out += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) out += char;
    else if (code >= 0xa0 && code <= 0xff) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += '?';
  }
  return out;
}

/** A 1x1 grey PNG with the lines in a tEXt "Comment" chunk (bytes are UTF-8, so non-ASCII names stay exact). */
export function pngImage(lines: readonly string[]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const text = Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.from(lines.join('\n'), 'utf8')]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('tEXt', text),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

function htmlPage(lines: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>Converted by the GroupDocs emulator</title></head>',
    '<body>',
    rawComment(lines, /<!--|-->|--!>/),
    `<pre>\n${lines.map(escapeMarkup).join('\n')}\n</pre>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function svgImage(lines: readonly string[]): string {
  const texts = lines.map((line, i) => `  <text x="10" y="${20 + i * 16}">${escapeMarkup(line)}</text>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="120" font-family="sans-serif" font-size="12">',
    rawComment(lines, /--/),
    ...texts,
    '</svg>',
    '',
  ].join('\n');
}

/** The lines verbatim inside a markup comment, unless they contain what would end or break the comment. */
function rawComment(lines: readonly string[], forbidden: RegExp): string {
  const body = lines.join('\n');
  return forbidden.test(body) ? '' : `<!--\n${body}\n-->`;
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
