/**
 * `node scripts/changelog-section.ts X.Y.Z`: prints the section of CHANGELOG.md for that version (its text without
 * the heading), the release notes of vX.Y.Z. Fails when the changelog has no such section or it is empty, so that no
 * release goes out without notes. `--file PATH` reads another changelog (tests).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { changelogSection } from './changelog.ts';
import { releaseVersion } from './versions.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { file: { type: 'string', default: 'CHANGELOG.md' } },
});
const version = positionals[0] ?? '';
if (positionals.length !== 1 || !releaseVersion.test(version)) {
  console.error(
    `usage: node scripts/changelog-section.ts X.Y.Z (got ${JSON.stringify(positionals.join(' '))}: a version such as 1.2.3)`,
  );
  process.exit(2);
}
const section = changelogSection(await readFile(values.file, 'utf8'), version);
if (!section || section.body === '') {
  console.error(`${values.file} has ${section ? 'an empty section' : 'no section'} for ${version}`);
  process.exit(1);
}
process.stdout.write(`${section.body}\n`);
