/**
 * A local image as a `data:` URL, so the page needs no file access and no network to show it. Only the image types
 * a browser draws without running anything: PNG, JPEG, GIF and WebP recognised by their first bytes, SVG by its
 * extension and an `<svg` root (an SVG shown through `<img>` never runs its scripts nor loads what it references).
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export type ImageData = { ok: true; dataUrl: string; bytes: number } | { ok: false; reason: string };

function startsWith(head: Buffer, bytes: number[], at = 0): boolean {
  return bytes.every((byte, index) => head[at + index] === byte);
}

function rasterType(head: Buffer): string | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (
    head.subarray(0, 6).toString('latin1') === 'GIF87a' ||
    head.subarray(0, 6).toString('latin1') === 'GIF89a'
  )
    return 'image/gif';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp';
  return undefined;
}

/** An `<svg` root element after an optional BOM, XML declaration, comments and doctype. */
function looksLikeSvg(head: Buffer): boolean {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  return /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(text);
}

/** Reads at most `maxBytes` of `filePath`: a larger file is refused without being read. */
export async function readImageAsDataUrl(
  filePath: string,
  maxBytes: number = MAX_IMAGE_BYTES,
): Promise<ImageData> {
  const handle = await fs.open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return { ok: false, reason: `larger than ${maxBytes} bytes` };
    if (size === 0) return { ok: false, reason: 'an empty file' };
    const content = Buffer.alloc(size);
    const { bytesRead } = await handle.read(content, 0, size, 0);
    const data = content.subarray(0, bytesRead);
    const head = data.subarray(0, 1024);
    let type = rasterType(head);
    if (type === undefined && path.extname(filePath).toLowerCase() === '.svg' && looksLikeSvg(head)) {
      type = 'image/svg+xml';
    }
    if (type === undefined) return { ok: false, reason: 'not a PNG, JPEG, GIF, WebP or SVG image' };
    return { ok: true, dataUrl: `data:${type};base64,${data.toString('base64')}`, bytes: bytesRead };
  } finally {
    await handle.close();
  }
}
