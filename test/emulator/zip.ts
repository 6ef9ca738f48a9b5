/** A stored (uncompressed) zip streamed from files on disk: the answer for a direct conversion with several outputs. */
import { createReadStream } from 'node:fs';
import { crc32 } from 'node:zlib';

export interface ZipEntry {
  name: string;
  file: string;
  size: number;
}

interface PreparedEntry extends ZipEntry {
  nameBytes: Buffer;
  crc: number;
  offset: number;
}

export interface PreparedZip {
  size: number;
  stream(): AsyncGenerator<Buffer>;
}

const utf8NamesFlag = 0x0800;

export async function prepareZip(entries: readonly ZipEntry[]): Promise<PreparedZip> {
  const prepared: PreparedEntry[] = [];
  let offset = 0;
  for (const entry of entries) {
    let crc = 0;
    for await (const chunk of createReadStream(entry.file)) crc = crc32(chunk as Buffer, crc);
    const nameBytes = Buffer.from(entry.name, 'utf8');
    prepared.push({ ...entry, nameBytes, crc, offset });
    offset += 30 + nameBytes.length + entry.size;
  }
  const directorySize = prepared.reduce((sum, e) => sum + 46 + e.nameBytes.length, 0);
  const directoryOffset = offset;
  return {
    size: directoryOffset + directorySize + 22,
    async *stream() {
      for (const entry of prepared) {
        yield localHeader(entry);
        for await (const chunk of createReadStream(entry.file)) yield chunk as Buffer;
      }
      for (const entry of prepared) yield centralHeader(entry);
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(prepared.length, 8);
      end.writeUInt16LE(prepared.length, 10);
      end.writeUInt32LE(directorySize, 12);
      end.writeUInt32LE(directoryOffset, 16);
      yield end;
    },
  };
}

function localHeader(entry: PreparedEntry): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4); // version needed
  header.writeUInt16LE(utf8NamesFlag, 6);
  header.writeUInt16LE(0, 8); // stored
  header.writeUInt16LE(0, 10); // time
  header.writeUInt16LE(0x21, 12); // date 1980-01-01
  header.writeUInt32LE(entry.crc, 14);
  header.writeUInt32LE(entry.size, 18);
  header.writeUInt32LE(entry.size, 22);
  header.writeUInt16LE(entry.nameBytes.length, 26);
  return Buffer.concat([header, entry.nameBytes]);
}

function centralHeader(entry: PreparedEntry): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(20, 4); // version made by
  header.writeUInt16LE(20, 6); // version needed
  header.writeUInt16LE(utf8NamesFlag, 8);
  header.writeUInt16LE(0, 10); // stored
  header.writeUInt16LE(0, 12); // time
  header.writeUInt16LE(0x21, 14); // date
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(entry.size, 20);
  header.writeUInt32LE(entry.size, 24);
  header.writeUInt16LE(entry.nameBytes.length, 28);
  header.writeUInt32LE(entry.offset, 42);
  return Buffer.concat([header, entry.nameBytes]);
}
