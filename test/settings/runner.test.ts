import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readPublishEnvironment } from '../../src/settings/runner.ts';
import { makeWorkspace } from '../publish/helpers.ts';

const RUNNER = {
  GITHUB_REPOSITORY: 'octo/docs',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_REF: 'refs/heads/main',
  GITHUB_SERVER_URL: 'https://ghe.example.com/',
  GITHUB_API_URL: 'https://ghe.example.com/api/v3',
  GITHUB_RUN_ID: '123456',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_WORKFLOW: 'Docs',
};

test('reads the run from the runner variables', () => {
  const env = readPublishEnvironment({
    ...RUNNER,
    GITHUB_EVENT_NAME: 'push',
    ACTIONS_RUNTIME_TOKEN: 'x',
    ACTIONS_RESULTS_URL: 'https://results.example/',
  });
  assert.deepEqual(env, {
    eventName: 'push',
    repository: { owner: 'octo', repo: 'docs' },
    sha: 'a'.repeat(40),
    ref: 'refs/heads/main',
    serverUrl: 'https://ghe.example.com',
    apiUrl: 'https://ghe.example.com/api/v3',
    runId: 123456,
    runAttempt: 2,
    workflow: 'Docs',
    artifactServiceAvailable: true,
  });
});

test('takes the pull request and the release from the event payload', async () => {
  const ws = await makeWorkspace();
  const prEvent = await ws.write(
    'pr.json',
    JSON.stringify({
      pull_request: {
        number: 7,
        head: { ref: 'feature/x', repo: { full_name: 'fork/docs' } },
        base: { sha: 'b'.repeat(40) },
      },
    }),
  );
  const releaseEvent = await ws.write(
    'release.json',
    JSON.stringify({ release: { id: 99, tag_name: 'v1.2' } }),
  );

  const pr = readPublishEnvironment({
    ...RUNNER,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: prEvent,
  });
  const release = readPublishEnvironment({
    ...RUNNER,
    GITHUB_EVENT_NAME: 'release',
    GITHUB_EVENT_PATH: releaseEvent,
  });

  assert.deepEqual(pr.pullRequest, {
    number: 7,
    headRef: 'feature/x',
    headRepoFullName: 'fork/docs',
    baseSha: 'b'.repeat(40),
  });
  assert.equal(pr.release, undefined);
  assert.deepEqual(release.release, { id: 99, tag: 'v1.2' });
  assert.equal(release.pullRequest, undefined);
});

test('outside a runner: defaults, no repository, no artifact service, and no throw on a missing event file', () => {
  const env = readPublishEnvironment({ GITHUB_EVENT_PATH: '/nonexistent/event.json' });
  assert.deepEqual(env.repository, { owner: '', repo: '' });
  assert.equal(env.serverUrl, 'https://github.com');
  assert.equal(env.apiUrl, 'https://api.github.com');
  assert.equal(env.runAttempt, 1);
  assert.equal(env.artifactServiceAvailable, false);
  assert.equal(env.pullRequest, undefined);
});
