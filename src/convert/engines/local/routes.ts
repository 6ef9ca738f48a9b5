/** Which program on the runner reads a source: Markdown and HTML go to the browser, everything else to LibreOffice. */
import { BROWSER_SOURCES } from '../browser/formats.ts';

export type LocalProgram = 'browser' | 'libreoffice';

export function programFor(extension: string): LocalProgram {
  return BROWSER_SOURCES.includes(extension) ? 'browser' : 'libreoffice';
}

/** The programs a run's jobs need: only those are looked for, started or required. */
export function programsNeeded(jobs: readonly { source: { extension: string } }[]): Set<LocalProgram> {
  return new Set(jobs.map((job) => programFor(job.source.extension)));
}
