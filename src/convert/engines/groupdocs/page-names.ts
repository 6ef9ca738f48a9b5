/**
 * The service names a multi-page result's files after the source's stem and the page number. The plan expects
 * `<stem>-page-<n>.<format>` (output-claims.ts, which chooses every local path and checks every name); the service
 * may spell the extension the other way (`jpeg` for `jpg`, `tif` for `tiff`) or separate the number otherwise
 * (`<stem>_page_2.jpg`, `<stem>-2.jpg`, `<stem> page 2.jpg`). Such a name is rewritten to the planned spelling of
 * the same page; every other name is left as sent, for output-claims to refuse. No character of a rewritten name
 * comes from the server but the page's digits.
 */
import type { ConversionJob } from '../../../plan/types.ts';

/** Each format's other spelling, both ways. */
const OTHER_SPELLING: Readonly<Record<string, string>> = {
  jpg: 'jpeg',
  jpeg: 'jpg',
  tif: 'tiff',
  tiff: 'tif',
};

/** The names to place for a job's results: as sent, but pages in the plan's spelling (see above). */
export function pageNamesAsPlanned(job: ConversionJob, results: readonly { name: string }[]): string[] {
  const names = results.map((result) => result.name);
  if (names.length < 2) return names;
  const format = job.format.toLowerCase();
  const extensions = [format, OTHER_SPELLING[format]].filter((ext) => ext !== undefined);
  const prefix = job.source.stem;
  return names.map((name) => {
    const page = pageNumberOf(name, prefix, extensions);
    return page === undefined ? name : `${prefix}-page-${page}.${job.format}`;
  });
}

/**
 * The page number in `<stem><separator><page><.ext>`: the separator is `-`, `_`, `.` or spaces, around an optional
 * word `page`; something must separate the stem from the number, which may have leading zeros (up to 6 digits).
 */
function pageNumberOf(name: string, stem: string, extensions: readonly string[]): string | undefined {
  if (!name.startsWith(stem)) return undefined;
  const dot = name.lastIndexOf('.');
  if (dot <= stem.length || !extensions.includes(name.slice(dot + 1).toLowerCase())) return undefined;
  const match = /^([-_. ]*(?:page)?[-_. ]*)(\d{1,6})$/i.exec(name.slice(stem.length, dot));
  if (match === null || match[1] === '') return undefined;
  return String(Number(match[2]));
}
