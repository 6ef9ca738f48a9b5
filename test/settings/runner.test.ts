import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readRunnerEnvironment } from '../../src/settings/runner.ts';
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
  const env = readRunnerEnvironment({
    ...RUNNER,
    GITHUB_EVENT_NAME: 'push',
    ACTIONS_RUNTIME_TOKEN: 'x',
    ACTIONS_RESULTS_URL: 'https://results.example/',
    GITHUB_WORKSPACE: '/home/runner/work/docs',
    RUNNER_TEMP: '/home/runner/_temp',
    RUNNER_ENVIRONMENT: 'github-hosted',
    ACTIONS_CACHE_MODE: ' Read ',
    GROUPDOCS_CLIENT_ID: 'id',
    GROUPDOCS_CLIENT_SECRET: ' secret ',
    PATH: '/usr/bin:/bin',
    CHROME_PATH: '/opt/chrome/chrome',
    HOME: '/home/runner',
    LANG: 'C.UTF-8',
    HTTPS_PROXY: 'http://proxy:3128',
    no_proxy: 'localhost',
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
    workspace: '/home/runner/work/docs',
    temporaryDirectory: '/home/runner/_temp',
    runnerKind: 'github-hosted',
    runLabels: { repository: 'octo/docs', runId: '123456', runAttempt: '2' },
    actionsCache: { runtimeToken: true, serviceUrl: true, mode: 'read' },
    groupDocsCredentials: { clientId: 'id', clientSecret: ' secret ' },
    childProcessEnvironment: { PATH: '/usr/bin:/bin', HOME: '/home/runner', LANG: 'C.UTF-8' },
    proxyVariables: { HTTPS_PROXY: 'http://proxy:3128', no_proxy: 'localhost' },
    searchPath: '/usr/bin:/bin',
    chromePath: '/opt/chrome/chrome',
    selfCommand: [process.execPath, path.resolve(process.argv[1] ?? '')],
  });
});

test('gives a child process no credential of the run', () => {
  const env = readRunnerEnvironment({
    PATH: '/usr/bin',
    GITHUB_TOKEN: 'ghs_secret',
    ACTIONS_RUNTIME_TOKEN: 'runtime',
    INPUT_CLIENT_SECRET: 'client-secret',
    GROUPDOCS_CLIENT_SECRET: 'from-env',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
  });
  assert.deepEqual(env.childProcessEnvironment, { PATH: '/usr/bin' });
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

  const pr = readRunnerEnvironment({
    ...RUNNER,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: prEvent,
  });
  const release = readRunnerEnvironment({
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
  const env = readRunnerEnvironment({ GITHUB_EVENT_PATH: '/nonexistent/event.json' });
  assert.deepEqual(env.repository, { owner: '', repo: '' });
  assert.equal(env.serverUrl, 'https://github.com');
  assert.equal(env.apiUrl, 'https://api.github.com');
  assert.equal(env.runAttempt, 1);
  assert.equal(env.artifactServiceAvailable, false);
  assert.equal(env.pullRequest, undefined);
});
