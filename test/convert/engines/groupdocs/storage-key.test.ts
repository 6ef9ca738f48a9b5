import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  encodeStorageKey,
  normalizeStorageKey,
  storageKeyFileName,
} from '../../../../src/convert/engines/groupdocs/storage-key.ts';

describe('encodeStorageKey', () => {
  it('encodes each segment and keeps the slashes', () => {
    assert.equal(encodeStorageKey('run 1/a #1.docx'), 'run%201/a%20%231.docx');
    assert.equal(encodeStorageKey('50% off?.docx'), '50%25%20off%3F.docx');
    assert.equal(encodeStorageKey('c++ notes.md'), 'c%2B%2B%20notes.md');
    assert.equal(
      encodeStorageKey('Überblick ñ 日本.docx'),
      '%C3%9Cberblick%20%C3%B1%20%E6%97%A5%E6%9C%AC.docx',
    );
  });

  it('round-trips through decodeURIComponent per segment', () => {
    for (const key of [
      'a #1.docx',
      '50% off?.docx',
      'c++ notes.md',
      'Überblick ñ 日本.docx',
      'x/y z/&=;:@.md',
    ]) {
      assert.equal(encodeStorageKey(key).split('/').map(decodeURIComponent).join('/'), key);
    }
  });

  it('drops outer slashes and refuses keys a URL would rewrite', () => {
    assert.equal(normalizeStorageKey('/run/in/'), 'run/in');
    for (const bad of ['', '/', 'a//b', 'a/../b', './a', 'a/.']) {
      assert.throws(() => encodeStorageKey(bad), { name: 'InvalidStorageKeyError' });
    }
    assert.throws(() => encodeStorageKey('bad \ud800 surrogate'), /not valid Unicode/);
  });

  it('names the file by its last segment', () => {
    assert.equal(storageKeyFileName('run/in/report.docx'), 'report.docx');
  });
});
