import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { confinementWith } from '../../../../src/convert/engines/libreoffice/confinement.ts';
import { LibreOfficeInstance } from '../../../../src/convert/engines/libreoffice/instance.ts';
import { ProfilePool } from '../../../../src/convert/engines/libreoffice/profiles.ts';
import { findSoffice } from '../../../../src/convert/engines/libreoffice/soffice.ts';
import { repoRoot } from '../../../e2e/run-action.ts';

const soffice = findSoffice(process.env.PATH ?? '');
const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

describe('a profile from the pool, started by a real LibreOffice', () => {
  it('is a start that runs no first-start graphics render tests, and converts', {
    skip: soffice === undefined && process.env.CI !== 'true' ? 'soffice is not installed' : false,
  }, async () => {
    assert.ok(soffice, 'soffice is not installed, and CI=true: .ci/run must install it');
    const root = await mkdtemp(path.join(os.tmpdir(), 'lo-profile-'));
    roots.push(root);
    const profile = await new ProfilePool(path.join(root, 'profiles')).acquire();
    const instance = new LibreOfficeInstance({
      soffice,
      profileDirectory: profile,
      env: { PATH: process.env.PATH ?? '', HOME: root },
      confinement: confinementWith(undefined, process.geteuid?.() ?? 0),
    });
    try {
      await instance.convert(
        {
          source: path.join(repoRoot, 'test/fixtures/documents/notes.odt'),
          outputDirectory: root,
          convertTo: 'pdf:writer_pdf_Export',
          importFilter: undefined,
        },
        AbortSignal.timeout(120_000),
        120_000,
      );
    } finally {
      await instance.stop();
    }
    assert.ok(existsSync(path.join(root, 'notes.pdf')), 'the document was converted');
    // LibreOffice writes this log whenever it runs the tests (seconds of every start, on a profile it never shut down).
    assert.equal(existsSync(path.join(profile, 'user', 'GraphicsRenderTests.log')), false);
  });
});
