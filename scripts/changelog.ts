/**
 * CHANGELOG.md in Keep a Changelog form: `## [Unreleased]` on top, then one `## [X.Y.Z] - YYYY-MM-DD` section per
 * release, newest first. Read by the release script (which dates a version's section, or turns what accumulated
 * under Unreleased into it), by the release workflow (the section becomes the release notes) and by the tests.
 * No dependencies: the release workflow runs this with Node alone, before any `npm ci`.
 */

export interface ChangelogSection {
  /** `Unreleased` or a version such as `1.2.3`, as written between the brackets. */
  name: string;
  /** The heading line, e.g. `## [1.2.3] - 2026-12-03`. */
  heading: string;
  /** Text between the heading and the next `## ` heading (or the end), trimmed. */
  body: string;
  /** Offsets in the file: the heading's first character, and the end of the body. */
  start: number;
  end: number;
}

const sectionHeading = /^## \[([^\]\n]+)\][^\n]*$/gm;

export const unreleased = 'Unreleased';

/** Every `## [name]` section, in file order. */
export function changelogSections(text: string): ChangelogSection[] {
  const headings = [...text.matchAll(sectionHeading)];
  return headings.map((match, i) => {
    const start = match.index;
    const bodyStart = start + match[0].length;
    const next = headings[i + 1];
    // A link-reference block (`[1.0.0]: https://…`) at the very end belongs to no section.
    let end = next ? next.index : text.length;
    if (!next) {
      const links = /\n(\[[^\]\n]+\]: [^\n]+\n?)+\s*$/.exec(text.slice(bodyStart));
      if (links) end = bodyStart + links.index;
    }
    return {
      name: match[1] as string,
      heading: match[0],
      body: text.slice(bodyStart, end).trim(),
      start,
      end,
    };
  });
}

/** The section of one version (or of `Unreleased`), when the changelog has one. */
export function changelogSection(text: string, name: string): ChangelogSection | undefined {
  return changelogSections(text).find((section) => section.name === name);
}

/**
 * The changelog as it reads once `version` is released on `date` (YYYY-MM-DD): its section, when there is one, gets
 * that date in its heading; otherwise what is under `## [Unreleased]` becomes the section and Unreleased is left
 * empty above it. Throws when there is nothing to release: no section and nothing under Unreleased, or an empty one.
 */
export function releaseChangelog(text: string, version: string, date: string): string {
  const heading = `## [${version}] - ${date}`;
  const existing = changelogSection(text, version);
  if (existing) {
    if (existing.body === '') throw new Error(`CHANGELOG.md's section for ${version} is empty`);
    return text.slice(0, existing.start) + heading + text.slice(existing.start + existing.heading.length);
  }
  const pending = changelogSection(text, unreleased);
  if (!pending || pending.body === '') {
    throw new Error(
      `CHANGELOG.md has no section for ${version} and nothing under "## [${unreleased}]": write what changed first`,
    );
  }
  const after = text.slice(pending.end).trimStart();
  const released = `${text.slice(0, pending.start)}## [${unreleased}]\n\n${heading}\n\n${pending.body}\n\n${after}`;
  return `${released.trimEnd()}\n`;
}
