/** Which committed conversions may be reused, given what the checked-out commits changed. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type CommittedConversion, trustedConversions } from '../../src/cache/committed-manifest.ts';

const workspace = path.resolve('/checkout');
const settings = { workspace, outputDir: path.join(workspace, 'converted') };
const conversion = (name: string): CommittedConversion => ({
  source: `docs/${name}.docx`,
  sourceSha256: 'a'.repeat(64),
  format: 'pdf',
  key: name,
  directory: '',
  stem: name,
  outputs: [{ name: `${name}.pdf`, sha256: 'b'.repeat(64), size: 3 }],
});
const all = [conversion('a'), conversion('b'), conversion('c')];
const keysOf = (trusted: ReturnType<typeof trustedConversions>) =>
  'conversions' in trusted ? trusted.conversions.map((c) => c.key) : trusted.why;

describe('trustedConversions', () => {
  it('keeps the conversions whose source and outputs the commits left alone', () => {
    const paths = new Set(['docs/a.docx', 'converted/b.pdf', 'README.md']);
    assert.deepEqual(keysOf(trustedConversions(all, { paths }, settings)), ['c']);
    assert.deepEqual(keysOf(trustedConversions(all, { paths: new Set() }, settings)), ['a', 'b', 'c']);
  });

  it('trusts none when the commits change the manifest, or when what they changed is unknown', () => {
    const paths = new Set(['converted/.convert-documents.json']);
    assert.equal(
      keysOf(trustedConversions(all, { paths }, settings)),
      'the checked-out commits change .convert-documents.json',
    );
    assert.equal(keysOf(trustedConversions(all, { unknown: 'no event' }, settings)), 'no event');
  });
});
