/** Structural checks of the emulator's outputs, for tests: a broken xref, CRC or zip directory fails loudly. */
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';

/** Asserts the PDF's xref points at each object and each stream /Length is exact; returns the object count. */
export function assertValidPdf(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  assert.ok(text.startsWith('%PDF-1.'), 'PDF header');
  assert.ok(text.trimEnd().endsWith('%%EOF'), 'PDF trailer');
  const startxref = /startxref\n(\d+)\n%%EOF\s*$/.exec(text);
  assert.ok(startxref?.[1], 'startxref');
  const xrefAt = Number(startxref[1]);
  assert.equal(text.slice(xrefAt, xrefAt + 5), 'xref\n', 'startxref points at the xref table');
  const header = /^xref\n0 (\d+)\n/.exec(text.slice(xrefAt));
  assert.ok(header?.[1], 'xref subsection header');
  const count = Number(header[1]);
  const entriesAt = xrefAt + header[0].length;
  for (let i = 0; i < count; i++) {
    const entry = pdf.subarray(entriesAt + i * 20, entriesAt + (i + 1) * 20).toString('latin1');
    assert.match(entry, /^\d{10} \d{5} [nf][ \r]\n$/, `xref entry ${i} is 20 bytes`);
    if (i === 0) continue;
    const offset = Number(entry.slice(0, 10));
    assert.equal(
      text.slice(offset, offset + `${i} 0 obj`.length),
      `${i} 0 obj`,
      `xref offset of object ${i}`,
    );
  }
  for (const match of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    assert.equal(
      text.slice(start + Number(match[1]), start + Number(match[1]) + 10),
      '\nendstream',
      'stream /Length',
    );
  }
  assert.match(text, /trailer\n<< \/Size \d+ \/Root 1 0 R >>/);
  return count - 1;
}

/** Asserts PNG signature and every chunk CRC; returns the chunks by type. */
export function pngChunks(png: Buffer): Map<string, Buffer[]> {
  assert.ok(
    png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    'PNG signature',
  );
  const chunks = new Map<string, Buffer[]>();
  let at = 8;
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + length);
    assert.equal(
      png.readUInt32BE(at + 8 + length),
      crc32(png.subarray(at + 4, at + 8 + length)),
      `CRC of ${type}`,
    );
    chunks.set(type, [...(chunks.get(type) ?? []), data]);
    at += 12 + length;
  }
  assert.equal(at, png.length, 'no trailing bytes');
  assert.deepEqual([...chunks.keys()].at(0), 'IHDR');
  assert.deepEqual([...chunks.keys()].at(-1), 'IEND');
  return chunks;
}

/** Entries of a stored zip, read through its central directory, with CRCs checked. */
export function zipEntries(zip: Buffer): Map<string, Buffer> {
  const end = zip.length - 22;
  assert.equal(zip.readUInt32LE(end), 0x06054b50, 'end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory header');
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    assert.equal(zip.readUInt32LE(local), 0x04034b50, 'local header');
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + size);
    assert.equal(crc32(data), crc, `CRC of ${name}`);
    entries.set(name, data);
    at += 46 + nameLength;
  }
  return entries;
}
