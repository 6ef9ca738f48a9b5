import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BaseSource } from '../../src/previews/build-previews.ts';
import { baseConverterWithin, MIN_PREVIEW_MS, runPreviewStage } from '../../src/previews/index.ts';
import { readRunnerEnvironment } from '../../src/settings/runner.ts';
import type { Settings } from '../../src/settings/types.ts';
import { captureAnnotations, makeSettings } from '../publish/helpers.ts';

const PULL_REQUEST_ENV = {
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_REPOSITORY: 'octo/docs',
  GITHUB_API_URL: 'http://127.0.0.1:1',
};

function settingsWith(mode: Settings['previews']['mode']): Settings {
  const settings = makeSettings({ workspace: '/nowhere', outputDir: '/nowhere/out' });
  return { ...settings, timeoutMs: 60_000, previews: { ...settings.previews, mode } };
}

const source = (repoPath: string): BaseSource => ({
  repoPath,
  file: `/tmp/${repoPath}`,
  sizeBytes: 1,
  outputDirectory: '/tmp/out',
});

describe('previews within the run’s one deadline', () => {
  it('skips the previews with a notice when less than the minimum is left, converting nothing', async () => {
    let conversions = 0;
    const { value, annotations } = await captureAnnotations(() =>
      runPreviewStage(
        settingsWith('on'),
        [],
        readRunnerEnvironment(PULL_REQUEST_ENV),
        () => MIN_PREVIEW_MS - 1,
        async () => {
          conversions++;
          return [];
        },
      ),
    );
    assert.equal(value, undefined);
    assert.equal(conversions, 0);
    assert.deepEqual(annotations, [
      [
        'notice',
        'previews: skipped, 4s of the timeout (1m) was left and previews need at least 5s to convert the base versions and render the pages; raise timeout to have them.',
      ],
    ]);
  });

  it('says nothing about time when previews are not wanted', async () => {
    const { value, annotations } = await captureAnnotations(() =>
      runPreviewStage(
        settingsWith('auto'),
        [],
        readRunnerEnvironment({ ...PULL_REQUEST_ENV, GITHUB_EVENT_NAME: 'push' }),
        () => 0,
        async () => [],
      ),
    );
    assert.equal(value, undefined);
    assert.deepEqual(annotations, []);
  });

  it('reads the clock when the base versions are converted: too late then, each says why', async () => {
    let left = 60_000;
    const asked: string[][] = [];
    const converter = baseConverterWithin(
      () => left,
      90_000,
      async (sources) => {
        asked.push(sources.map((one) => one.repoPath));
        return new Map(sources.map((one) => [one.repoPath, { pdf: `${one.file}.pdf` }]));
      },
    );
    const inTime = await converter([source('docs/a.docx')]);
    assert.deepEqual([...inTime], [['docs/a.docx', { pdf: '/tmp/docs/a.docx.pdf' }]]);

    left = 2_500; // rendering and fetching took the rest of the time
    const late = await converter([source('docs/a.docx'), source('docs/b.docx')]);
    assert.deepEqual(asked, [['docs/a.docx']], 'nothing converted past the minimum');
    assert.deepEqual(
      [...late.values()],
      [
        { error: 'not converted: 2s of the timeout (1m30s) was left' },
        { error: 'not converted: 2s of the timeout (1m30s) was left' },
      ],
    );
  });
});
