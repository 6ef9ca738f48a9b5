/** A Markdown source read whole, as the renderer and the cache's listing of its images both need it. */
import fs from 'node:fs/promises';

/** Larger Markdown is not a document a person reads; parsing it whole would only cost memory. */
export const MAX_MARKDOWN_BYTES = 16 * 1024 * 1024;

export async function readMarkdown(sourcePath: string, signal: AbortSignal | undefined): Promise<string> {
  const handle = await fs.open(sourcePath, 'r');
  try {
    const { size } = await handle.stat();
    if (size > MAX_MARKDOWN_BYTES) {
      throw new Error(
        `The Markdown file is ${size} bytes; at most ${MAX_MARKDOWN_BYTES} bytes are rendered.`,
      );
    }
    signal?.throwIfAborted();
    return await handle.readFile({ encoding: 'utf8', signal });
  } finally {
    await handle.close();
  }
}
