/** A text file read in chunks, for the scanners that read HTML, RTF and flat XML as they stream. */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/**
 * The chunks of `stream` as UTF-8 text. A NUL character means another encoding (UTF-16, a binary file named as
 * text) that LibreOffice may read but these scanners would not: that is refused, not passed as clean.
 */
export async function* utf8Chunks(stream: Readable): AsyncGenerator<string> {
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    if (chunk.includes('\u0000')) {
      stream.destroy();
      throw new Error('it is not UTF-8 text (it holds NUL characters)');
    }
    yield chunk;
  }
}

export function fileChunks(file: string): AsyncGenerator<string> {
  return utf8Chunks(createReadStream(file, { highWaterMark: 64 * 1024 }));
}
