/**
 * Names the converted files take where a path cannot be used as is: inside the zipped artifact, as per-file
 * artifacts and as release assets. Pure functions; the same input list always gives the same names, so a re-run
 * finds (and replaces) what the previous run published.
 */

/** Characters the artifact service refuses in paths inside an artifact. */
const FORBIDDEN_IN_ARTIFACT_PATH = /[":<>|*?\r\n]/g;
/** ... and, in an artifact's name, the path separators too. */
const FORBIDDEN_IN_ARTIFACT_NAME = /[":<>|*?\r\n\\]/g;

/** Splits `name.ext` into stem and `.ext`; a leading dot is part of the stem (`.profile` has no extension). */
function splitExtension(name: string): { stem: string; extension: string } {
  const lastSlash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  if (dot <= lastSlash + 1) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension: name.slice(dot) };
}

/** A path inside the zipped artifact the service accepts: forbidden characters become `_`, `/` stays. */
export function artifactEntryPath(outputPath: string): string {
  return outputPath.replace(FORBIDDEN_IN_ARTIFACT_PATH, '_');
}

/** The name of a file's own artifact: its path relative to output-dir, `/` → `-`, forbidden characters → `_`. */
export function perFileArtifactName(outputPath: string): string {
  return outputPath.replace(FORBIDDEN_IN_ARTIFACT_NAME, '_').replaceAll('/', '-');
}

/**
 * The name of a file's release asset. GitHub renames asset names with characters other than letters, digits,
 * `.`, `-` and `_` (a space becomes `.`), so the name is made of those characters up front: the name asked for is
 * the name stored, and the next run finds the asset to replace. `/` → `-`; accents are dropped (é → e).
 */
export function releaseAssetName(outputPath: string): string {
  const { stem, extension } = splitExtension(outputPath.replaceAll('/', '-'));
  const clean = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^A-Za-z0-9._-]/g, '.')
      .replace(/\.{2,}/g, '.')
      .replace(/^\.+|\.+$/g, '');
  const cleanStem = clean(stem) || 'document';
  const cleanExtension = clean(extension);
  return cleanExtension ? `${cleanStem}.${cleanExtension}` : cleanStem;
}

/**
 * Makes names unique without regard to case, keeping the first of equal names as is and numbering the others
 * before their extension (`a.pdf`, `a-2.pdf`). `taken` holds names already used elsewhere (e.g. the zipped artifact).
 */
export function uniqueNames(names: readonly string[], taken: Iterable<string> = []): string[] {
  const used = new Set<string>();
  for (const name of taken) used.add(name.toLowerCase());
  return names.map((name) => {
    let candidate = name;
    const { stem, extension } = splitExtension(name);
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${extension}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}
