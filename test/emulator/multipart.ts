/**
 * Streaming multipart/form-data reader: part data flows to a sink chunk by chunk, never the whole body in memory.
 * Only what the emulator needs: CRLF line breaks, Content-Disposition name/filename, no nested multiparts.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { ApiError } from './http-util.ts';

export interface MultipartPart {
  /** Lower-cased header names. */
  headers: Record<string, string>;
  name: string | undefined;
  filename: string | undefined;
}

export interface PartSink {
  write(chunk: Buffer): Promise<void> | void;
  end(): Promise<void> | void;
  /** Called instead of end() when the body fails half way. */
  abort?(): Promise<void> | void;
}

const maxHeaderBytes = 16 * 1024;

export function boundaryFrom(contentType: string | undefined): string {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType.trim())) {
    throw new ApiError(400, 'InvalidRequest', 'Content-Type must be multipart/form-data.');
  }
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || boundary.length > 200) {
    throw new ApiError(400, 'InvalidRequest', 'multipart/form-data without a usable boundary.');
  }
  return boundary;
}

/** Reads every part of `body`; `openPart` returns where a part's bytes go, or undefined to skip them. */
export async function readMultipart(
  body: AsyncIterable<Buffer>,
  boundary: string,
  openPart: (part: MultipartPart) => PartSink | undefined,
): Promise<void> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // Starting with CRLF makes the first boundary line look like every later delimiter.
  let pending: Buffer = Buffer.from('\r\n');
  // Widened on purpose: consume() changes it, which flow analysis of this scope cannot see.
  let state = 'preamble' as 'preamble' | 'afterDelimiter' | 'headers' | 'body' | 'done';
  let sink: PartSink | undefined;

  const malformed = (why: string) => new ApiError(400, 'InvalidRequest', `Malformed multipart body: ${why}.`);

  async function consume(): Promise<void> {
    for (;;) {
      if (state === 'preamble') {
        const at = pending.indexOf(delimiter);
        if (at === -1) {
          pending = pending.subarray(Math.max(0, pending.length - (delimiter.length - 1)));
          return;
        }
        pending = pending.subarray(at + delimiter.length);
        state = 'afterDelimiter';
      } else if (state === 'afterDelimiter') {
        if (pending.length < 2) return;
        if (pending[0] === 0x2d && pending[1] === 0x2d) {
          state = 'done';
          return;
        }
        const lineEnd = pending.indexOf('\r\n');
        if (lineEnd === -1) {
          if (pending.length > 1024) throw malformed('boundary line too long');
          return;
        }
        if (pending.subarray(0, lineEnd).toString('latin1').trim() !== '')
          throw malformed('bad boundary line');
        pending = pending.subarray(lineEnd + 2);
        state = 'headers';
      } else if (state === 'headers') {
        const noHeaders = pending.length >= 2 && pending[0] === 0x0d && pending[1] === 0x0a;
        const end = noHeaders ? 0 : pending.indexOf('\r\n\r\n');
        if (end === -1) {
          if (pending.length > maxHeaderBytes) throw malformed('part headers too large');
          return;
        }
        const part = parsePartHeaders(pending.subarray(0, end).toString('utf8'));
        pending = pending.subarray(noHeaders ? 2 : end + 4);
        sink = openPart(part);
        state = 'body';
      } else if (state === 'body') {
        const at = pending.indexOf(delimiter);
        if (at === -1) {
          // Keep a tail that could be the start of a delimiter split across chunks.
          const safe = pending.length - (delimiter.length - 1);
          if (safe > 0) {
            await sink?.write(pending.subarray(0, safe));
            pending = pending.subarray(safe);
          }
          return;
        }
        if (at > 0) await sink?.write(pending.subarray(0, at));
        const finished = sink;
        sink = undefined;
        await finished?.end();
        pending = pending.subarray(at + delimiter.length);
        state = 'afterDelimiter';
      } else {
        return;
      }
    }
  }

  try {
    for await (const chunk of body) {
      if (state === 'done') continue; // epilogue
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      await consume();
    }
    if (state !== 'done') throw malformed('unexpected end of body');
  } catch (error) {
    await sink?.abort?.();
    throw error;
  }
}

function parsePartHeaders(text: string): MultipartPart {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const params = dispositionParams(headers['content-disposition'] ?? '');
  const extended = params['filename*'];
  let filename = params.filename;
  if (extended !== undefined) {
    const match = /^utf-8'[^']*'(.*)$/i.exec(extended);
    if (match?.[1] !== undefined) {
      try {
        filename = decodeURIComponent(match[1]);
      } catch {
        // keep the plain filename parameter
      }
    }
  }
  return { headers, name: params.name, filename };
}

function dispositionParams(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  const pattern = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of value.matchAll(pattern)) {
    const key = match[1]?.toLowerCase();
    if (key === undefined) continue;
    const quoted = match[2];
    params[key] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (match[3] ?? '').trim();
  }
  return params;
}

/** A sink that writes to a file, honouring back-pressure. */
export function fileSink(path: string): PartSink & { bytes: () => number } {
  const stream = createWriteStream(path);
  let bytes = 0;
  const closed = new Promise<void>((resolve, reject) => {
    stream.once('close', resolve);
    stream.once('error', reject);
  });
  closed.catch(() => {}); // observed by end()/abort(); avoid an unhandled rejection in between
  return {
    bytes: () => bytes,
    async write(chunk) {
      bytes += chunk.length;
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
    async end() {
      stream.end();
      await closed;
    },
    async abort() {
      stream.destroy();
      await closed.catch(() => {});
    },
  };
}
