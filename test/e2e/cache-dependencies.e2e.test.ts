/**
 * A Markdown document's conversion is reused only while the local images it inlines are the same, an HTML page's
 * only while the stylesheets and images it loads are: the bundle run three times on fresh runners with engine local (the runner's Chromium) and the Actions cache stand-in (blobs in
 * Azurite). Without a browser it skips, saying why; under CI=true it fails instead, since .ci/run installs one.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findBrowser } from '../../src/convert/engines/browser/find-browser.ts';
import { MAX_LISTED_IMAGES } from '../../src/convert/engines/browser/markdown/dependencies.ts';
import { encodePng } from '../../src/pdf/pages.ts';
import { type Azurite, startAzurite } from '../stand-ins/azurite.ts';
import {
  type CacheService,
  cacheServiceEnv,
  skipWithoutZstd,
  startCacheService,
} from '../stand-ins/cache-service.ts';
import {
  type ActionRun,
  bundle,
  explain,
  filesOf,
  removeTempWorkspaces,
  runAction,
  tempWorkspace,
} from './run-action.ts';

const CONTAINER = 'actions-cache';
const browser = findBrowser(process.env.CHROME_PATH ?? '', process.env.PATH ?? '');
const skip: false | string =
  browser === undefined && process.env.CI !== 'true'
    ? 'needs Chromium (apt-get install chromium, or CHROME_PATH)'
    : skipWithoutZstd();

const png = (grey: number) =>
  encodePng({ width: 40, height: 30, rgba: new Uint8Array(40 * 30 * 4).fill(grey) });

describe('the cache key of a browser document covers the workspace files its page uses', {
  skip,
  concurrency: false,
}, () => {
  let azurite: Azurite;
  let service: CacheService;
  let runnerTemp: string;

  before(async () => {
    assert.ok(existsSync(bundle), 'the test bundle is missing: run npm run build:test');
    assert.ok(browser, 'no Chrome or Chromium, and CI=true: .ci/run must install chromium');
    azurite = await startAzurite();
    await azurite.container(CONTAINER).create();
    service = await startCacheService({ container: CONTAINER, signUrl: azurite.signedUploadUrl });
    runnerTemp = path.join(os.tmpdir(), `dependencies-runner-temp-${process.pid}`);
  });
  after(async () => {
    await service?.close();
    await azurite?.stop();
    await rm(runnerTemp, { recursive: true, force: true });
    await removeTempWorkspaces();
  });

  /** One run on a fresh runner (an empty RUNNER_TEMP): whatever is reused came through the cache service. */
  const runOnFreshRunner = async (workspace: string): Promise<ActionRun> => {
    await rm(runnerTemp, { recursive: true, force: true });
    await mkdir(runnerTemp, { recursive: true });
    return runAction({
      workspace,
      inputs: {
        engine: 'local',
        path: 'docs',
        'base-dir': 'docs',
        format: 'pdf',
        publish: 'none',
        'pr-comment': 'false',
        previews: 'false',
      },
      env: { RUNNER_TEMP: runnerTemp, ...cacheServiceEnv(service) },
    });
  };
  const statusOf = (run: ActionRun) => filesOf(run).map((entry) => `${entry.source}: ${entry.status}`);

  it('reuses the PDF while nothing changed, and converts again when only the image’s bytes changed', async () => {
    const workspace = await tempWorkspace();
    // The image lies outside `path`, so only the Markdown is converted.
    await mkdir(path.join(workspace, 'docs'), { recursive: true });
    await mkdir(path.join(workspace, 'assets'), { recursive: true });
    await writeFile(path.join(workspace, 'docs', 'guide.md'), '# Guide\n\n![chart](../assets/chart.png)\n');
    await writeFile(path.join(workspace, 'assets', 'chart.png'), png(200));

    const first = await runOnFreshRunner(workspace);
    assert.equal(first.exitCode, 0, explain(first));
    assert.deepEqual(statusOf(first), ['docs/guide.md: converted'], explain(first));
    assert.equal(service.entries.filter((entry) => entry.finalized).length, 1, 'one cache entry saved');

    const second = await runOnFreshRunner(workspace);
    assert.equal(second.exitCode, 0, explain(second));
    assert.deepEqual(statusOf(second), ['docs/guide.md: cached'], explain(second));
    assert.equal(second.outputs.converted, '0');
    assert.equal(second.outputs.cached, '1');

    // Only the image changes: the Markdown's bytes are the same.
    await writeFile(path.join(workspace, 'assets', 'chart.png'), png(40));
    const third = await runOnFreshRunner(workspace);
    assert.equal(third.exitCode, 0, explain(third));
    assert.deepEqual(statusOf(third), ['docs/guide.md: converted'], explain(third));
    assert.equal(third.outputs.converted, '1');
    assert.equal(third.outputs.cached, '0');
  });

  it('reuses an HTML page’s PDF while nothing changed, and converts again when only an imported stylesheet changed', async () => {
    const workspace = await tempWorkspace();
    await mkdir(path.join(workspace, 'docs'), { recursive: true });
    await mkdir(path.join(workspace, 'assets'), { recursive: true });
    await writeFile(
      path.join(workspace, 'docs', 'page.html'),
      '<link rel="stylesheet" href="../assets/site.css"><h1>Release notes</h1>',
    );
    await writeFile(path.join(workspace, 'assets', 'site.css'), '@import "colours.css";');
    await writeFile(path.join(workspace, 'assets', 'colours.css'), 'h1 { color: navy }');

    const first = await runOnFreshRunner(workspace);
    assert.deepEqual(statusOf(first), ['docs/page.html: converted'], explain(first));
    const second = await runOnFreshRunner(workspace);
    assert.deepEqual(statusOf(second), ['docs/page.html: cached'], explain(second));

    // Only the stylesheet the page's stylesheet imports changes.
    await writeFile(path.join(workspace, 'assets', 'colours.css'), 'h1 { color: crimson }');
    const third = await runOnFreshRunner(workspace);
    assert.deepEqual(statusOf(third), ['docs/page.html: converted'], explain(third));
  });

  it('saves no entry for a document whose images are too many to list: no run could ever reuse it', async () => {
    const workspace = await tempWorkspace();
    await mkdir(path.join(workspace, 'docs'), { recursive: true });
    const images = Array.from({ length: MAX_LISTED_IMAGES + 1 }, (_, i) => `![${i}](missing-${i}.png)`);
    await writeFile(path.join(workspace, 'docs', 'gallery.md'), `# Gallery\n\n${images.join('\n')}\n`);
    const saved = service.entries.length;

    const first = await runOnFreshRunner(workspace);
    assert.deepEqual(statusOf(first), ['docs/gallery.md: converted'], explain(first));
    assert.equal(service.entries.length, saved, 'an entry no run can hit was saved');
    const second = await runOnFreshRunner(workspace);
    assert.deepEqual(statusOf(second), ['docs/gallery.md: converted'], explain(second));
  });
});
