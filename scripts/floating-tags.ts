/**
 * `node scripts/floating-tags.ts vX.Y.Z`: for the release workflow, prints as `key=value` lines (for
 * $GITHUB_OUTPUT) which moving tags the release takes, from the repository's tags: `move=vX vX.Y` (either left out
 * when a newer release of that line exists) and `latest=true|false`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { floatingTags, releaseVersion } from './versions.ts';

const tag = process.argv[2] ?? '';
if (process.argv.length !== 3 || !tag.startsWith('v') || !releaseVersion.test(tag.slice(1))) {
  console.error(
    `usage: node scripts/floating-tags.ts vX.Y.Z (got ${JSON.stringify(process.argv.slice(2).join(' '))})`,
  );
  process.exit(2);
}
const { stdout } = await promisify(execFile)('git', ['tag', '--list', 'v*']);
const { move, latest } = floatingTags(tag.slice(1), stdout.split('\n').filter(Boolean));
process.stdout.write(`move=${move.join(' ')}\nlatest=${latest}\n`);
