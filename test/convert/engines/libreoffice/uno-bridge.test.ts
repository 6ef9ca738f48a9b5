import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { confinementWith } from '../../../../src/convert/engines/libreoffice/confinement.ts';
import {
  bridgeRequest,
  findUnoPython,
  UnoBridge,
} from '../../../../src/convert/engines/libreoffice/uno-bridge.ts';

let root = '';
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'uno-bridge-'));
});
after(() => rm(root, { recursive: true, force: true }));

const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

async function script(folder: string, name: string, body: string): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('bridgeRequest', () => {
  it('asks for what soffice --convert-to would make: the name, the export filter and its options', () => {
    assert.deepEqual(bridgeRequest('/w/docs/a.report.docx', '/out', 'pdf:writer_pdf_Export', undefined), {
      source: '/w/docs/a.report.docx',
      output: '/out/a.report.pdf',
      importFilter: null,
      importOptions: null,
      exportFilter: 'writer_pdf_Export',
      exportOptions: null,
    });
    assert.deepEqual(
      bridgeRequest(
        '/w/t.csv',
        '/out',
        'csv:Text - txt - csv (StarCalc):44,34,76,1',
        'Text - txt - csv (StarCalc):44,34,76,1',
      ),
      {
        source: '/w/t.csv',
        output: '/out/t.csv',
        importFilter: 'Text - txt - csv (StarCalc)',
        importOptions: '44,34,76,1',
        exportFilter: 'Text - txt - csv (StarCalc)',
        exportOptions: '44,34,76,1',
      },
    );
  });
});

describe('findUnoPython', () => {
  it('takes the python beside soffice when it imports uno, and none when it cannot', async () => {
    const official = await mkdtemp(path.join(root, 'program-'));
    const soffice = await script(official, 'soffice', 'exit 0');
    const python = await script(official, 'python', '[ "$1" = "-c" ] && [ "$2" = "import uno" ]');
    assert.equal(await findUnoPython(soffice, ENV), python);

    const broken = await mkdtemp(path.join(root, 'program-'));
    const brokenSoffice = await script(broken, 'soffice', 'exit 0');
    await script(broken, 'python', 'exit 1');
    assert.equal(await findUnoPython(brokenSoffice, ENV), undefined);
  });

  it('judges soffice by the folder it really lives in, not the folder of a link to it', async () => {
    const official = await mkdtemp(path.join(root, 'program-'));
    const real = await script(official, 'soffice', 'exit 0');
    const python = await script(official, 'python', 'exit 0');
    const bin = await mkdtemp(path.join(root, 'bin-'));
    await symlink(real, path.join(bin, 'soffice'));
    assert.equal(await findUnoPython(path.join(bin, 'soffice'), ENV), python);
  });
});

describe('UnoBridge', () => {
  const confinement = confinementWith(undefined, process.geteuid?.() ?? 0);

  it('gives each request its answer, LibreOffice’s complaint included', async () => {
    const folder = await mkdtemp(path.join(root, 'helper-'));
    const python = await script(
      folder,
      'python',
      `sleep 0.1; echo '{"ready": true}'
while read -r line; do
  case "$line" in
    *bad.docx*) echo '{"ok": false, "error": "source file could not be loaded"}' ;;
    *) echo '{"ok": true}' ;;
  esac
done`,
    );
    const bridge = new UnoBridge(python, 'pipe', ENV, confinement);
    try {
      assert.deepEqual(await bridge.convert(bridgeRequest('/w/good.docx', '/o', 'pdf:x', undefined)), {
        ok: true,
      });
      assert.deepEqual(await bridge.convert(bridgeRequest('/w/bad.docx', '/o', 'pdf:x', undefined)), {
        ok: false,
        error: 'source file could not be loaded',
      });
    } finally {
      bridge.stop();
    }
  });

  it('rejects with the helper’s own reason when it ends before answering', async () => {
    const folder = await mkdtemp(path.join(root, 'helper-'));
    const python = await script(
      folder,
      'python',
      `echo '{"ready": true}'; read -r line; echo 'LibreOffice stopped answering' >&2; exit 3`,
    );
    const bridge = new UnoBridge(python, 'pipe', ENV, confinement);
    await assert.rejects(
      bridge.convert(bridgeRequest('/w/a.docx', '/o', 'pdf:x', undefined)),
      /the UNO helper ended \(exit code 3\): LibreOffice stopped answering/,
    );
    // A helper that is gone answers nothing more: the next request fails at once.
    await assert.rejects(bridge.convert(bridgeRequest('/w/b.docx', '/o', 'pdf:x', undefined)), /exit code 3/);
  });
});
