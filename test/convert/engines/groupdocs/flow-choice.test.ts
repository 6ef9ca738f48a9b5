import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BILLING_UNIT_BYTES, usesDirectFlow } from '../../../../src/convert/engines/groupdocs/flow-choice.ts';
import { jobOf } from '../../../job-fixture.ts';

const job = (format: string, sizeBytes = 1000) => jobOf('docx', format, sizeBytes);

const plain = { loadOptions: undefined, convertOptions: undefined, formats: ['pdf'] };

describe('usesDirectFlow', () => {
  it('takes the direct flow for a one-file target without options', () => {
    assert.equal(usesDirectFlow(job('pdf'), plain), true);
    assert.equal(usesDirectFlow(job('html'), plain), true);
  });

  it('keeps the storage flow for options, which only it carries, and for page images, which it would zip', () => {
    assert.equal(usesDirectFlow(job('pdf'), { ...plain, loadOptions: { password: 'x' } }), false);
    assert.equal(usesDirectFlow(job('pdf'), { ...plain, convertOptions: {} }), false);
    assert.equal(usesDirectFlow(job('png'), plain), false);
  });

  it('keeps the storage flow for a big document converted to several formats: it is sent once, not per format', () => {
    const several = { ...plain, formats: ['pdf', 'html'] };
    assert.equal(usesDirectFlow(job('pdf', BILLING_UNIT_BYTES), several), true);
    assert.equal(usesDirectFlow(job('pdf', BILLING_UNIT_BYTES + 1), several), false);
    assert.equal(usesDirectFlow(job('pdf', BILLING_UNIT_BYTES + 1), plain), true);
  });

  it('keeps the storage flow when another format of the document uploads it anyway', () => {
    assert.equal(usesDirectFlow(job('pdf'), { ...plain, formats: ['pdf', 'png'] }), false);
  });
});
