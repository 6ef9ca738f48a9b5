/**
 * What a document's page is made of before the browser sees it: Markdown rendered as GitHub renders it (images
 * already inlined), or an HTML source as it is, whose workspace files the network guard answers.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { ConversionJob } from '../../../plan/types.ts';
import { isMarkdown } from './formats.ts';
import { renderMarkdownPage } from './markdown/index.ts';
import type { GuardedDocument } from './network-guard.ts';

/** An HTML source larger than this is not printed (as for Markdown, it is no document a person reads). */
export const MAX_HTML_SOURCE_BYTES = 16 * 1024 * 1024;

export interface PageContent extends GuardedDocument {
  /** Scripts run only for the bundled mermaid; an HTML source's own never do. */
  needsMermaid: boolean;
  /** Images and resources left out while rendering (Markdown); the guard adds what the page asked for. */
  warnings: string[];
  remoteLeftOut: string[];
  markdown: boolean;
}

export async function pageContentOf(
  job: ConversionJob,
  workspace: string,
  signal: AbortSignal,
): Promise<PageContent> {
  const source = job.source;
  if (isMarkdown(source.extension)) {
    const page = await renderMarkdownPage({
      sourcePath: source.absolutePath,
      workspace,
      title: path.posix.basename(source.workspacePath),
      signal,
    });
    return {
      workspacePath: source.workspacePath,
      html: page.html,
      localFiles: undefined,
      needsMermaid: page.needsMermaid,
      warnings: [...page.warnings],
      remoteLeftOut: [...page.remoteLeftOut],
      markdown: true,
    };
  }
  return {
    workspacePath: source.workspacePath,
    html: await readHtmlSource(source.absolutePath),
    localFiles: { documentDir: path.dirname(source.absolutePath), workspace },
    needsMermaid: false,
    warnings: [],
    remoteLeftOut: [],
    markdown: false,
  };
}

async function readHtmlSource(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > MAX_HTML_SOURCE_BYTES) {
      throw new Error(`the HTML file is ${size} bytes; at most ${MAX_HTML_SOURCE_BYTES} bytes are printed`);
    }
    const bytes = Buffer.alloc(size);
    const { bytesRead } = await handle.read(bytes, 0, size, 0);
    return bytes.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
