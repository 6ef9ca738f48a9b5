import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { fontconfigFor } from '../../../src/convert/engines/fontconfig.ts';

let root = '';
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'lo-fontconfig-'));
});
after(() => rm(root, { recursive: true, force: true }));

it('shows LibreOffice a folder of links to exactly the font files of fonts-dir, never fonts-dir itself', async () => {
  const fontsDir = path.join(root, 'repo-fonts');
  await mkdir(path.join(fontsDir, 'sub'), { recursive: true });
  await writeFile(path.join(fontsDir, 'Brand.ttf'), 'font');
  await writeFile(path.join(fontsDir, 'sub', 'Brand.otf'), 'font');
  // What a pull request may add: a link to the whole disk, and a font name that is a link.
  await symlink('/', path.join(fontsDir, 'everything'));
  await symlink('/etc/passwd', path.join(fontsDir, 'sub', 'Sneaky.ttf'));
  const files = ['Brand.ttf', 'sub/Brand.otf', 'sub/Sneaky.ttf'];

  const conf = await fontconfigFor({ directory: fontsDir, files }, path.join(root, 'run'), {});
  const text = await readFile(conf, 'utf8');
  const dirs = [...text.matchAll(/<dir>([^<]*)<\/dir>/g)].map((m) => m[1] as string);
  assert.equal(dirs.length, 1);
  assert.ok(!dirs[0]?.startsWith(fontsDir), `fontconfig is not pointed at fonts-dir: ${dirs[0]}`);
  const links = (await readdir(dirs[0] as string)).sort();
  assert.deepEqual(
    await Promise.all(links.map((name) => readlink(path.join(dirs[0] as string, name)))),
    [path.join(fontsDir, 'Brand.ttf'), path.join(fontsDir, 'sub', 'Brand.otf')],
    'only the regular font files: the link to / and the link named like a font are left out',
  );
  assert.match(text, /<include ignore_missing="yes">\/etc\/fonts\/fonts\.conf<\/include>/);
});
