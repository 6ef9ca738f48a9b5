/**
 * A checkout as a hostile pull request leaves it, for the round-two attacks: `.git/config` holding the job token
 * (as actions/checkout leaves it), documents, and whatever crafted entries a test puts in output-dir.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What `.git/config` holds: the job token, base64 in an extra header, as actions/checkout writes it. */
export function gitConfigWithToken(token: string): string {
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${basic}\n`;
}

/** Every spelling of the token an attacker could read back out of a published file. */
export function tokenSpellings(token: string): string[] {
  return [token, Buffer.from(`x-access-token:${token}`).toString('base64')];
}

/** `.git/config` with the token, `.git/HEAD`, and these documents (path → content) below the workspace. */
export async function writeCheckout(
  workspace: string,
  token: string,
  documents: Record<string, string>,
): Promise<void> {
  await mkdir(path.join(workspace, '.git'), { recursive: true });
  await writeFile(path.join(workspace, '.git/config'), gitConfigWithToken(token));
  await writeFile(path.join(workspace, '.git/HEAD'), 'ref: refs/heads/main\n');
  for (const [relative, content] of Object.entries(documents)) {
    await mkdir(path.dirname(path.join(workspace, relative)), { recursive: true });
    await writeFile(path.join(workspace, relative), content);
  }
}

/** The event payload of a push from `before` to `after` on main. */
export async function writePushEvent(file: string, before: string, after: string): Promise<string> {
  await writeFile(
    file,
    JSON.stringify({ ref: 'refs/heads/main', before, after, repository: { full_name: 'octo/docs' } }),
  );
  return file;
}
