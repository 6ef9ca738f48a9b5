import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { localPathForOutput } from '../../../src/engines/groupdocs/output-path.ts';

describe('localPathForOutput', () => {
  const dir = path.resolve('/work/out/docs');

  it('puts a plain file name inside the output directory, trimmed', () => {
    assert.equal(localPathForOutput(dir, 'report.pdf'), path.join(dir, 'report.pdf'));
    assert.equal(localPathForOutput(dir, '  a b #1.pdf \n'), path.join(dir, 'a b #1.pdf'));
    assert.equal(localPathForOutput(dir, '..hidden.pdf'), path.join(dir, '..hidden.pdf'));
    assert.equal(localPathForOutput(dir, 'Überblick 日本.pdf'), path.join(dir, 'Überblick 日本.pdf'));
  });

  const hostile = [
    '',
    '   ',
    '.',
    '..',
    ' .. ',
    '../escaped.pdf',
    '../../escaped.pdf',
    'sub/page.pdf',
    'sub\\page.pdf',
    '..\\escaped.pdf',
    '/etc/passwd',
    'a\0b.pdf',
  ];
  for (const name of hostile) {
    it(`refuses ${JSON.stringify(name)}, naming it as the service sent it`, () => {
      assert.throws(
        () => localPathForOutput(dir, name),
        new Error(`the service sent an unsafe result name ${JSON.stringify(name)}; nothing was written`),
      );
    });
  }
});
