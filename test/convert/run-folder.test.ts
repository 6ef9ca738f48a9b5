import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeStorageKey } from '../../src/convert/engines/groupdocs/storage-key.ts';
import { runFolderFor } from '../../src/convert/run-folder.ts';
import { readRunnerEnvironment } from '../../src/settings/runner.ts';

describe('runFolderFor', () => {
  const runner = { GITHUB_REPOSITORY: 'octo/docs', GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '2' };

  it('names the repository, run and attempt, then a random part', () => {
    assert.equal(
      runFolderFor(readRunnerEnvironment(runner).runLabels, () => 'abc123'),
      'convert-documents-action/octo_docs/4242-2-abc123',
    );
  });

  it('gives two invocations of the same run different folders, so cleanup of one never deletes the other', () => {
    const first = runFolderFor(readRunnerEnvironment(runner).runLabels);
    const second = runFolderFor(readRunnerEnvironment(runner).runLabels);
    assert.notEqual(first, second);
    assert.match(first, /^convert-documents-action\/octo_docs\/4242-2-[0-9a-f]{12}$/);
    assert.ok(!second.startsWith(`${first}/`) && !first.startsWith(`${second}/`));
  });

  it('outside a runner, or with odd values, still gives a storage key of plain segments', () => {
    const odd = [
      {},
      { GITHUB_REPOSITORY: '', GITHUB_RUN_ID: '', GITHUB_RUN_ATTEMPT: '' },
      { GITHUB_REPOSITORY: 'a/b/../c d', GITHUB_RUN_ID: '42/../x', GITHUB_RUN_ATTEMPT: '1?x=/' },
      { GITHUB_REPOSITORY: '..', GITHUB_RUN_ID: '/', GITHUB_RUN_ATTEMPT: '..' },
    ];
    for (const env of odd) {
      const folder = runFolderFor(readRunnerEnvironment(env).runLabels, () => 'r');
      assert.equal(normalizeStorageKey(folder), folder, JSON.stringify(env));
      assert.equal(folder.split('/').length, 3, `${folder} is one folder below the action's own`);
    }
    assert.equal(
      runFolderFor(readRunnerEnvironment({}).runLabels, () => 'r'),
      'convert-documents-action/local/run-1-r',
    );
    assert.equal(
      runFolderFor(readRunnerEnvironment({ GITHUB_REPOSITORY: '..' }).runLabels, () => 'r'),
      'convert-documents-action/_/run-1-r',
    );
    assert.equal(
      runFolderFor(readRunnerEnvironment({ GITHUB_REPOSITORY: '.github/docs..' }).runLabels, () => 'r'),
      'convert-documents-action/.github_docs../run-1-r',
      'dots inside a name are kept',
    );
    assert.equal(
      runFolderFor(readRunnerEnvironment(odd[2] ?? {}).runLabels, () => 'r'),
      'convert-documents-action/a_b_.._c_d/42x-1-r',
    );
  });
});
