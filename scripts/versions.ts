/** Release versions (X.Y.Z) and the tags that follow them: vX.Y.Z fixed, vX and vX.Y moved to the newest release. */

/** X.Y.Z, digits only, no leading zeros (no pre-release or build suffix: those are not released here). */
export const releaseVersion = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseVersion(version: string): [number, number, number] | undefined {
  const match = releaseVersion.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Negative, zero or positive as a is below, equal to or above b (both X.Y.Z). */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new Error(`not X.Y.Z versions: ${JSON.stringify(a)}, ${JSON.stringify(b)}`);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** The versions of the release tags (vX.Y.Z) among `tags`; other tags (v1, v1.2, anything else) are left out. */
export function releasedVersions(tags: readonly string[]): string[] {
  return tags.flatMap((tag) =>
    tag.startsWith('v') && releaseVersion.test(tag.slice(1)) ? [tag.slice(1)] : [],
  );
}

export interface FloatingTags {
  /** vX and vX.Y, each only when `version` is the newest release of its line (a fix to an older line moves neither). */
  move: string[];
  /** `version` is the newest release of all: the one GitHub shows as latest. */
  latest: boolean;
}

/** Which moving tags a release of `version` takes, given the tags that exist (the release's own included or not). */
export function floatingTags(version: string, tags: readonly string[]): FloatingTags {
  const parts = parseVersion(version);
  if (!parts) throw new Error(`not an X.Y.Z version: ${JSON.stringify(version)}`);
  const [major, minor] = parts;
  const others = releasedVersions(tags);
  const newestOf = (inLine: (v: [number, number, number]) => boolean) =>
    others.every((other) => {
      const v = parseVersion(other) as [number, number, number];
      return !inLine(v) || compareVersions(other, version) <= 0;
    });
  const move: string[] = [];
  if (newestOf((v) => v[0] === major)) move.push(`v${major}`);
  if (newestOf((v) => v[0] === major && v[1] === minor)) move.push(`v${major}.${minor}`);
  return { move, latest: newestOf(() => true) };
}
