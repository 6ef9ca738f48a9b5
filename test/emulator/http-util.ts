/** Request parsing and the answer shapes shared by every route. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error that becomes a documented error body: {"requestId","error":{"code","message","description"}}. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly description: string;
  constructor(status: number, code: string, message: string, description = '') {
    super(message);
    this.status = status;
    this.code = code;
    this.description = description;
  }
}

export const missingKeyMessage = 'AmazonS3 Storage exception: The specified key does not exist.';

export interface RequestTarget {
  /** Raw (still percent-encoded) path segments, empty ones removed. */
  rawSegments: string[];
  query: URLSearchParams;
}

/**
 * Splits the request target by hand: `new URL()` would resolve `..` and `%2e%2e` before we could refuse them.
 */
export function parseRequestTarget(url: string): RequestTarget {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
  return { rawSegments: path.split('/').filter((s) => s !== ''), query };
}

/**
 * Decodes percent-encoded storage path segments into a storage key; refuses anything that could climb out. An
 * encoded `/` (`%2F`) separates folders like a raw one, as the real API reads it: the official Python SDK encodes
 * every `/` of a path parameter (see CONFORMANCE.md).
 */
export function storageKeyFromSegments(rawSegments: readonly string[]): string {
  const segments = rawSegments.flatMap((raw) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      throw new ApiError(400, 'InvalidPath', `Malformed percent-encoding in path segment '${raw}'.`);
    }
    const parts = decoded.split('/');
    for (const part of parts) {
      if (part === '') throw new ApiError(400, 'InvalidPath', 'Empty path segments are not allowed.');
      checkKeySegment(part);
    }
    return parts;
  });
  return segments.join('/');
}

/** Checks a '/'-separated storage key given in a JSON body (filePath, outputPath); '' stays ''. */
export function normalizeStorageKey(key: string): string {
  const segments = key.split('/').filter((s) => s !== '');
  for (const segment of segments) checkKeySegment(segment);
  return segments.join('/');
}

function checkKeySegment(segment: string): void {
  if (segment === '..' || segment === '.') {
    throw new ApiError(400, 'InvalidPath', `Path segment '${segment}' is not allowed.`);
  }
  if (segment.includes('/') || [...segment].some(isControlCharacter)) {
    throw new ApiError(400, 'InvalidPath', "Path segments cannot contain '/' (%2F) or control characters.");
  }
}

export function isControlCharacter(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError, headers: Record<string, string> = {}) {
  const requestId = randomUUID();
  sendJson(
    res,
    error.status,
    { requestId, error: { code: error.code, message: error.message, description: error.description } },
    { 'x-request-id': requestId, ...headers },
  );
}

/** Reads a small body (token form, JSON settings) with a size cap. */
export async function readSmallBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes)
      throw new ApiError(413, 'PayloadTooLarge', `Body larger than ${limitBytes} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
