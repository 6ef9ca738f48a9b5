/** Commit SHAs from an API answer, and the links built from them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commitShaFromApi, committedFileUrl, commitUrl, githubLink } from '../../src/github/links.ts';
import { makeEnvironment } from '../publish/helpers.ts';

describe('commit SHAs from the API', () => {
  const env = makeEnvironment();
  const sha1 = 'a'.repeat(40);
  const sha256 = 'b'.repeat(64);

  it('are accepted as 40 or 64 lowercase hex characters, and nothing else', () => {
    assert.equal(commitShaFromApi(sha1), sha1);
    assert.equal(commitShaFromApi(sha256), sha256);
    for (const crafted of [
      `${sha1}/../../evil`,
      sha1.slice(1),
      `${sha1}0`,
      sha1.toUpperCase(),
      42,
      undefined,
    ]) {
      assert.throws(
        () => commitShaFromApi(crafted),
        (error: Error) => {
          assert.equal(
            error.message,
            'the GitHub API answered a commit SHA that is not 40 or 64 hex characters',
          );
          return true;
        },
      );
    }
  });

  it('make links only when they are SHAs, and the links pass the link check', () => {
    const crafted = `${sha1}/../../../../evil/repo`;
    assert.equal(commitUrl(env, crafted), undefined);
    assert.equal(committedFileUrl(env, crafted, 'converted/a.pdf'), undefined);
    assert.equal(githubLink(commitUrl(env, crafted), env), undefined);
    assert.equal(
      githubLink(commitUrl(env, sha1), env),
      `${env.serverUrl}/${env.repository.owner}/${env.repository.repo}/commit/${sha1}`,
    );
  });
});
