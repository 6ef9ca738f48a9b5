import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * A multipart/form-data body with one file part, built by hand so the file can be streamed from disk and the
 * exact Content-Length (head + file + tail) is known before sending.
 */
export interface MultipartFileForm {
  contentType: string;
  contentLength: number;
  head: Buffer;
  tail: Buffer;
}

export function multipartFileForm(
  fieldName: string,
  fileName: string,
  fileSize: number,
  boundary = `----groupdocs-${randomBytes(16).toString('hex')}`,
): MultipartFileForm {
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${quoteFormName(fieldName)}"; ${fileNameParameters(fileName)}\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + fileSize + tail.length,
    head,
    tail,
  };
}

/**
 * The filename parameter(s) of the part header. `filename` follows the HTML form encoding (UTF-8, with `"`, CR
 * and LF percent-escaped); a name that needed escaping or is not plain ASCII also gets an RFC 5987
 * `filename*=UTF-8''…`, which ASP.NET-style servers prefer and which carries the name without loss.
 */
export function fileNameParameters(fileName: string): string {
  const quoted = `filename="${quoteFormName(fileName)}"`;
  if (/^[\x20-\x7e]*$/.test(fileName) && !/["\\]/.test(fileName)) return quoted;
  return `${quoted}; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

function quoteFormName(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Error for a file whose size changed between measuring it and sending it; never worth retrying at once. */
export class FileChangedError extends Error {
  override name = 'FileChangedError';
  readonly code = 'EFILECHANGED';
}

/** The body chunks: head, the file read from disk (opened anew on every call), tail. */
export async function* multipartFileBody(
  form: MultipartFileForm,
  filePath: string,
  fileSize: number,
): AsyncGenerator<Buffer> {
  yield form.head;
  let sent = 0;
  for await (const chunk of createReadStream(filePath, {
    highWaterMark: 64 * 1024,
  }) as AsyncIterable<Buffer>) {
    sent += chunk.length;
    if (sent > fileSize) break;
    yield chunk;
  }
  if (sent !== fileSize) {
    throw new FileChangedError(
      `${filePath} changed while it was being uploaded (expected ${fileSize} bytes, found ${sent > fileSize ? 'more' : sent})`,
    );
  }
  yield form.tail;
}
