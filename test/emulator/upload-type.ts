/**
 * What a direct upload is when its name does not say: the official Node SDK names every uploaded file `file.name`
 * (conversion_api.ts, see CONFORMANCE.md), so the service must tell a document's type from its bytes, or from the
 * part's declared Content-Type. The emulator recognises the formats of formats.ts by their signatures.
 */
import { open } from 'node:fs/promises';

/** How much of each end of the file is read: a zip's directory and an OLE file's names sit near one end. */
const PROBE_BYTES = 64 * 1024;

/** Declared MIME types (the part's Content-Type) and the source format each names. */
const DECLARED_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/rtf': 'rtf',
  'text/rtf': 'rtf',
  'text/markdown': 'md',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/plain': 'txt',
};

/** Markers inside a zip (entry names, or ODF's stored `mimetype` entry) and the format each means. */
const ZIP_MARKERS: ReadonlyArray<[string, string]> = [
  ['mimetypeapplication/vnd.oasis.opendocument.text', 'odt'],
  ['mimetypeapplication/vnd.oasis.opendocument.spreadsheet', 'ods'],
  ['mimetypeapplication/vnd.oasis.opendocument.presentation', 'odp'],
  ['word/document.xml', 'docx'],
  ['xl/workbook.xml', 'xlsx'],
  ['ppt/presentation.xml', 'pptx'],
];

/** Stream names of an OLE compound file (UTF-16LE in its directory) and the format each means. */
const OLE_MARKERS: ReadonlyArray<[string, string]> = [
  ['WordDocument', 'doc'],
  ['Workbook', 'xls'],
  ['PowerPoint Document', 'ppt'],
];

/** The source format of an uploaded file by its content, then its declared type; undefined when neither tells. */
export async function detectUploadFormat(
  file: string,
  declaredType: string | undefined,
): Promise<string | undefined> {
  const { head, tail } = await probe(file);
  const both = Buffer.concat([head, tail]);
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head.subarray(0, 5).toString('latin1') === '{\\rtf') return 'rtf';
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    return ZIP_MARKERS.find(([marker]) => both.includes(marker, 0, 'latin1'))?.[1];
  }
  if (head.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex'))) {
    return OLE_MARKERS.find(([marker]) => both.includes(Buffer.from(marker, 'utf16le')))?.[1];
  }
  const declared = DECLARED_TYPES[(declaredType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''];
  if (declared !== undefined) return declared;
  if (head.includes(0)) return undefined;
  return /^\s*(<!doctype html|<html)/i.test(head.toString('utf8')) ? 'html' : 'txt';
}

async function probe(file: string): Promise<{ head: Buffer; tail: Buffer }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, PROBE_BYTES));
    await handle.read(head, 0, head.length, 0);
    const tailStart = Math.max(head.length, size - PROBE_BYTES);
    const tail = Buffer.alloc(size - tailStart);
    await handle.read(tail, 0, tail.length, tailStart);
    return { head, tail };
  } finally {
    await handle.close();
  }
}
