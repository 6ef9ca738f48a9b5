/**
 * The files besides a source that decide its outputs with the run's engine, for the conversion cache's key: the
 * local images a Markdown page inlines, and the stylesheets, images, fonts and frames an HTML source's page loads,
 * when the browser prints them (engine `local`). Other engines and sources read only the source's own bytes, so
 * they list nothing.
 */
import type { SourceDocument } from '../../plan/types.ts';
import type { Settings } from '../../settings/types.ts';
import { isMarkdown } from './browser/formats.ts';
import { htmlResourceFiles } from './browser/html-dependencies.ts';
import {
  MAX_IMAGE_BYTES,
  MAX_IMAGE_BYTES_PER_DOCUMENT,
  markdownImageFiles,
} from './browser/markdown/index.ts';
import { MAX_DOCUMENT_RESOURCE_BYTES, MAX_RESOURCE_BYTES } from './browser/network-guard.ts';
import { programFor } from './local/routes.ts';

export interface Dependency {
  /** How the source refers to it (an image URL), as written. */
  reference: string;
  /** The real path of the workspace file it leads to; undefined when it is remote, missing or refused. */
  file: string | undefined;
}

/** What the program reads of the files at most: a file past `fileBytes` it leaves out whatever it holds. */
export interface ReadLimits {
  fileBytes: number;
  totalBytes: number;
}

/** A listing past its bounds (or of a source that cannot be read) is incomplete: nothing can be reused on it. */
export type SourceDependencies =
  | { complete: true; dependencies: readonly Dependency[]; limits: ReadLimits }
  | { complete: false; why: string };

export type DependencyLister = (document: SourceDocument) => Promise<SourceDependencies>;

/** The Markdown renderer inlines images up to these. */
const MARKDOWN_LIMITS: ReadLimits = { fileBytes: MAX_IMAGE_BYTES, totalBytes: MAX_IMAGE_BYTES_PER_DOCUMENT };
/** The network guard answers an HTML page's requests up to these. */
const HTML_PAGE_LIMITS: ReadLimits = {
  fileBytes: MAX_RESOURCE_BYTES,
  totalBytes: MAX_DOCUMENT_RESOURCE_BYTES,
};

const NONE: SourceDependencies = { complete: true, dependencies: [], limits: MARKDOWN_LIMITS };

export function dependencyListerFor(settings: Pick<Settings, 'engine' | 'workspace'>): DependencyLister {
  if (settings.engine.engine !== 'local') return async () => NONE;
  return async (document) => {
    if (programFor(document.extension) !== 'browser') return NONE;
    if (!isMarkdown(document.extension)) {
      const page = await htmlResourceFiles(document.absolutePath, document.workspacePath, settings.workspace);
      if (!page.complete) return page;
      return { complete: true, dependencies: page.resources, limits: HTML_PAGE_LIMITS };
    }
    const listed = await markdownImageFiles(document.absolutePath, settings.workspace);
    if (!listed.complete) return listed;
    return {
      complete: true,
      dependencies: listed.images.map(({ url, file }) => ({ reference: url, file })),
      limits: MARKDOWN_LIMITS,
    };
  };
}
