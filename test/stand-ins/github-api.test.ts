/** The GitHub stand-in pages lists as GitHub does, so a test of a long list reads what a real run would. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type GitHubApiStandIn, startGitHubApi } from './github-api.ts';

const TOKEN = 'stand-in-token';

describe('the GitHub stand-in’s pagination', () => {
  let api: GitHubApiStandIn;
  before(async () => {
    api = await startGitHubApi('octo', 'docs');
    api.tokens.set(TOKEN, { contents: 'read', pullRequests: 'read' });
    for (let number = 1; number <= 250; number++) api.openPulls.add(number);
  });
  after(() => api.close());

  /** Follows `rel="next"` links from `first`, as Octokit's paginate does; every page's URL and items. */
  async function follow(first: string): Promise<{ urls: string[]; numbers: number[] }> {
    const urls: string[] = [];
    const numbers: number[] = [];
    for (let url: string | undefined = first; url !== undefined && urls.length < 10; ) {
      urls.push(url);
      const response = await fetch(url, { headers: { authorization: `token ${TOKEN}` } });
      assert.equal(response.status, 200, url);
      numbers.push(...((await response.json()) as { number: number }[]).map((pull) => pull.number));
      url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    return { urls, numbers };
  }

  it('keeps every query parameter of the request in its Link header, changing only the page', async () => {
    const { urls, numbers } = await follow(`${api.url}/repos/octo/docs/pulls?state=open&per_page=100`);
    assert.equal(urls.length, 3);
    for (const url of urls.slice(1)) assert.equal(new URL(url).searchParams.get('state'), 'open', url);
    assert.deepEqual(
      urls.map((url) => new URL(url).searchParams.get('page')),
      [null, '2', '3'],
    );
    assert.deepEqual(
      numbers,
      Array.from({ length: 250 }, (_, i) => i + 1),
      'every open pull request, once',
    );
  });

  it('lists open pull requests when no state is given, as GitHub does, and none for state=closed', async () => {
    assert.equal((await follow(`${api.url}/repos/octo/docs/pulls?per_page=100`)).numbers.length, 250);
    assert.deepEqual((await follow(`${api.url}/repos/octo/docs/pulls?state=closed`)).numbers, []);
  });
});
