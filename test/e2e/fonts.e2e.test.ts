/** fonts-dir with the GroupDocs engine: the bundle against the emulator. */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Emulator, startEmulator } from '../emulator/server.ts';
import { explain, removeTempWorkspaces, runAction, tempWorkspace } from './run-action.ts';

const CLIENT = { 'client-id': 'fonts-client', 'client-secret': 'fonts-Secret-91c2' };

async function workspaceWithFonts(fonts: Record<string, string>): Promise<string> {
  const workspace = await tempWorkspace();
  await mkdir(path.join(workspace, 'docs'));
  await writeFile(path.join(workspace, 'docs', 'a.docx'), 'first document');
  await writeFile(path.join(workspace, 'docs', 'b.docx'), 'second document');
  await mkdir(path.join(workspace, 'fonts', 'brand'), { recursive: true });
  for (const [name, content] of Object.entries(fonts))
    await writeFile(path.join(workspace, 'fonts', name), content);
  return workspace;
}

describe('fonts-dir with engine groupdocs', { concurrency: false }, () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ clientId: CLIENT['client-id'], clientSecret: CLIENT['client-secret'] });
  });
  after(async () => {
    await emulator.close();
    await removeTempWorkspaces();
  });

  const convert = (workspace: string) =>
    runAction({
      workspace,
      inputs: {
        ...CLIENT,
        'api-base-url': emulator.url,
        path: 'docs',
        format: 'pdf',
        'fonts-dir': 'fonts',
        'poll-interval': '50ms',
        publish: 'none',
      },
    });

  it('uploads a set of fonts once, passes it as fontsPath, keeps it after the run and reuses it next time', async () => {
    const fonts = { 'Brand.ttf': 'brand font bytes', 'brand/Brand-Bold.otf': 'bold font bytes' };
    emulator.resetStats();
    const first = await convert(await workspaceWithFonts(fonts));
    assert.equal(first.exitCode, 0, explain(first));
    const firstStats = emulator.stats();
    // Two documents and two fonts.
    assert.equal(firstStats.requests.upload, 4);
    const folders = new Set(firstStats.operations.map((o) => o.fontsPath));
    assert.equal(folders.size, 1);
    const [folder] = folders;
    assert.match(folder ?? '', /^convert-documents-action\/fonts\/[0-9a-f]{64}$/);
    assert.deepEqual(await emulator.listStorage(folder), [
      `${folder}/Brand.ttf`,
      `${folder}/brand-Brand-Bold.otf`,
    ]);
    assert.match(first.stdout, /Uploaded 2 font\(s\) from fonts-dir/);

    // Another run (another workspace) with the same fonts: one check, no font upload, the same folder.
    emulator.resetStats();
    const second = await convert(await workspaceWithFonts(fonts));
    assert.equal(second.exitCode, 0, explain(second));
    const secondStats = emulator.stats();
    assert.equal(secondStats.requests.upload, 2, 'only the two documents are uploaded');
    assert.equal(secondStats.requests.exists, 1);
    assert.deepEqual(new Set(secondStats.operations.map((o) => o.fontsPath)), folders);
    assert.match(second.stdout, /already in storage/);

    // A changed font is a new set in a new folder.
    emulator.resetStats();
    const third = await convert(await workspaceWithFonts({ ...fonts, 'Brand.ttf': 'brand font v2' }));
    assert.equal(third.exitCode, 0, explain(third));
    const thirdFolder = emulator.stats().operations[0]?.fontsPath;
    assert.notEqual(thirdFolder, folder);
    assert.equal(emulator.stats().requests.upload, 4);
  });

  it('stops before any request when fonts-dir has no fonts', async () => {
    const workspace = await workspaceWithFonts({ 'README.txt': 'not a font' });
    emulator.resetStats();
    const run = await convert(workspace);
    assert.equal(run.exitCode, 1, explain(run));
    assert.match(
      run.stdout,
      /Input "fonts-dir" is "fonts": the folder holds no \.ttf, \.otf or \.ttc font\./,
    );
    assert.equal(emulator.stats().totalRequests, 0);
  });
});
