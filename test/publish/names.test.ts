import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  artifactEntryPath,
  perFileArtifactName,
  releaseAssetName,
  uniqueNames,
} from '../../src/publish/names.ts';

const REFUSED_IN_ARTIFACT_NAMES = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/'];

test('per-file artifact names carry the path with none of the characters the service refuses', () => {
  assert.equal(perFileArtifactName('report.pdf'), 'report.pdf');
  assert.equal(perFileArtifactName('guides/setup/intro.html'), 'guides-setup-intro.html');
  assert.equal(perFileArtifactName('a"b:c<d>e|f*g?h\\i.pdf'), 'a_b_c_d_e_f_g_h_i.pdf');
  assert.equal(perFileArtifactName('line\r\nbreak.pdf'), 'line__break.pdf');
  assert.equal(
    perFileArtifactName('Ünïcode names/stay as they are.pdf'),
    'Ünïcode names-stay as they are.pdf',
  );
  const name = perFileArtifactName('x/"y":<z>|*?\r\n\\w.pdf');
  for (const char of REFUSED_IN_ARTIFACT_NAMES) assert.ok(!name.includes(char), JSON.stringify(char));
});

test('paths inside the zipped artifact keep their directories and lose only refused characters', () => {
  assert.equal(artifactEntryPath('sub/dir/a.pdf'), 'sub/dir/a.pdf');
  assert.equal(artifactEntryPath('sub/a|b*c?.pdf'), 'sub/a_b_c_.pdf');
});

test('release asset names use only characters GitHub keeps, so a re-run finds the asset by name', () => {
  assert.equal(releaseAssetName('report.pdf'), 'report.pdf');
  assert.equal(releaseAssetName('guides/My Guide (v2).html'), 'guides-My.Guide.v2.html');
  assert.equal(releaseAssetName('café/résumé.pdf'), 'cafe-resume.pdf');
  assert.equal(releaseAssetName('.hidden'), 'hidden');
  assert.equal(releaseAssetName('отчёт.pdf'), 'document.pdf');
  assert.equal(releaseAssetName('under_score-and-dash.tar.gz'), 'under_score-and-dash.tar.gz');
  for (const name of ['a b.pdf', 'x/~y~.html', 'q?.docx', '...dots...pdf']) {
    assert.match(releaseAssetName(name), /^[A-Za-z0-9_-][A-Za-z0-9._-]*[A-Za-z0-9_-]$/, name);
  }
});

test('equal names (ignoring case) are numbered before the extension; the first keeps its name', () => {
  assert.deepEqual(uniqueNames(['a.pdf', 'A.pdf', 'a.pdf', 'b.pdf']), [
    'a.pdf',
    'A-2.pdf',
    'a-3.pdf',
    'b.pdf',
  ]);
  assert.deepEqual(uniqueNames(['notes', 'notes']), ['notes', 'notes-2']);
  assert.deepEqual(uniqueNames(['x.pdf', 'x-2.pdf', 'x.pdf']), ['x.pdf', 'x-2.pdf', 'x-3.pdf']);
  assert.deepEqual(uniqueNames(['converted-documents'], ['converted-documents']), ['converted-documents-2']);
  assert.deepEqual(uniqueNames(['dir.v1/file', 'dir.v1/file']), ['dir.v1/file', 'dir.v1/file-2']);
});
