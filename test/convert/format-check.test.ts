import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFormatPairs, everyPairKnown, formatPairKey } from '../../src/convert/format-check.ts';
import { jobOf } from '../job-fixture.ts';

const job = jobOf;

describe('format check', () => {
  it('rejects the pairs the service cannot convert, saying what it can', () => {
    const { runnable, rejected } = checkFormatPairs(
      [job('docx', 'pdf'), job('docx', 'xyz'), job('', 'pdf')],
      new Map([['docx', ['pdf', 'html']]]),
    );
    assert.deepEqual(
      runnable.map((j) => j.format),
      ['pdf'],
    );
    assert.match(
      rejected[0]?.error ?? '',
      /cannot convert \.docx to xyz; it can convert \.docx to: pdf, html/,
    );
    assert.match(rejected[1]?.error ?? '', /no extension/);
  });

  it('needs no format list when every pair is known to work, and one as soon as a pair is not', () => {
    const known = new Set([formatPairKey('DOCX', 'pdf'), formatPairKey('md', 'HTML')]);
    assert.equal(everyPairKnown([job('docx', 'pdf'), job('md', 'html')], known), true);
    assert.equal(everyPairKnown([job('docx', 'pdf'), job('md', 'pdf')], known), false);
    assert.equal(everyPairKnown([job('docx', 'pdf')], new Set()), false);
  });
});
