import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { importProblems } from '../../scripts/check-imports.ts';

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('the import check of npm run lint', () => {
  it('passes on src/ as it is', () => {
    assert.deepEqual(importProblems(path.resolve('src')), []);
  });

  it('names the files of an import cycle, dynamic imports included', () => {
    const root = tree({
      'report/a.ts': "import { b } from './b.ts';\n",
      'report/b.ts': "export const b = () => import('./a.ts');\n",
    });
    assert.deepEqual(
      importProblems(root).map((problem) => problem.message),
      ['import cycle: report/a.ts → report/b.ts'],
    );
  });

  it('refuses a stage that imports from a later stage, and allows the other way', () => {
    const root = tree({
      'plan/x.ts': "import { y } from '../publish/y.ts';\n",
      'publish/y.ts': "import type { Z } from '../plan/z.ts';\nexport const y = 1;\n",
      'plan/z.ts': 'export type Z = 1;\n',
    });
    assert.deepEqual(
      importProblems(root).map((problem) => problem.message),
      ['plan/x.ts imports publish/y.ts, a later stage'],
    );
  });
});
