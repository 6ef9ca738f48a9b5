/** The SHA-1 git gives a file's content as a blob, computed locally so unchanged files are never uploaded. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** `sha1("blob <size>\0" + content)`, streamed: the file is never held in memory whole. */
export async function gitBlobSha(file: string, sizeBytes: number): Promise<string> {
  const hash = createHash('sha1');
  hash.update(`blob ${sizeBytes}\0`);
  let read = 0;
  for await (const chunk of createReadStream(file)) {
    read += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  if (read !== sizeBytes) throw new Error(`${file} changed while it was being read`);
  return hash.digest('hex');
}
