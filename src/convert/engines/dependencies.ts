/**
 * The files besides a source that decide its outputs with the run's engine, for the conversion cache's key: the
 * local images a Markdown page inlines when the browser renders it (engine `local`). Other engines and sources read
 * only the source's own bytes, so they list nothing.
 */
import type { SourceDocument } from '../../plan/types.ts';
import type { Settings } from '../../settings/types.ts';
import { isMarkdown } from './browser/formats.ts';
import { markdownImageFiles } from './browser/markdown/index.ts';
import { programFor } from './local/routes.ts';

export interface Dependency {
  /** How the source refers to it (an image URL), as written. */
  reference: string;
  /** The real path of the workspace file it leads to; undefined when it is remote, missing or refused. */
  file: string | undefined;
}

/** A listing past its bounds (or of a source that cannot be read) is incomplete: nothing can be reused on it. */
export type SourceDependencies =
  | { complete: true; dependencies: readonly Dependency[] }
  | { complete: false; why: string };

export type DependencyLister = (document: SourceDocument) => Promise<SourceDependencies>;

const NONE: SourceDependencies = { complete: true, dependencies: [] };

export function dependencyListerFor(settings: Pick<Settings, 'engine' | 'workspace'>): DependencyLister {
  if (settings.engine.engine !== 'local') return async () => NONE;
  return async (document) => {
    if (programFor(document.extension) !== 'browser' || !isMarkdown(document.extension)) return NONE;
    const listed = await markdownImageFiles(document.absolutePath, settings.workspace);
    if (!listed.complete) return listed;
    return {
      complete: true,
      dependencies: listed.images.map(({ url, file }) => ({ reference: url, file })),
    };
  };
}
