import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, conversionKey, optionsFingerprint } from '../../src/cache/key.ts';
import { groupDocsIdentity } from '../../src/convert/engines/identity.ts';

const engine = groupDocsIdentity({ apiBaseUrl: 'https://api.groupdocs.cloud', storageName: '' });
const base = { sourceSha256: 'a'.repeat(64), format: 'pdf', optionsFingerprint: 'f', engine };

describe('the conversion key', () => {
  it('is the same for equal options written in another order', async () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } }),
      '{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}',
    );
    assert.equal(
      await optionsFingerprint({ loadOptions: { password: 'p', format: 'docx' }, convertOptions: undefined }),
      await optionsFingerprint({ loadOptions: { format: 'docx', password: 'p' }, convertOptions: undefined }),
    );
  });

  it('changes with the source, the format, the options and the service', async () => {
    const keys = new Set([
      conversionKey(base),
      conversionKey({ ...base, sourceSha256: 'b'.repeat(64) }),
      conversionKey({ ...base, format: 'html' }),
      conversionKey({ ...base, optionsFingerprint: 'g' }),
      conversionKey({
        ...base,
        engine: groupDocsIdentity({ apiBaseUrl: 'http://localhost:8080', storageName: '' }),
      }),
      conversionKey({
        ...base,
        engine: groupDocsIdentity({ apiBaseUrl: 'https://api.groupdocs.cloud', storageName: 'eu' }),
      }),
      conversionKey({ ...base, engine: { engineId: 'libreoffice', details: {} } }),
    ]);
    assert.equal(keys.size, 7);
    const password = (value: string) =>
      optionsFingerprint({ loadOptions: { password: value }, convertOptions: undefined });
    assert.notEqual(await password('one'), await password('two'));
    assert.notEqual(
      await optionsFingerprint({ loadOptions: undefined, convertOptions: { fromPage: 1 } }),
      await optionsFingerprint({ loadOptions: { fromPage: 1 }, convertOptions: undefined }),
    );
  });

  it('holds no option in clear', async () => {
    const fingerprint = await optionsFingerprint({
      loadOptions: { password: 'hunter2' },
      convertOptions: undefined,
    });
    assert.match(fingerprint, /^[0-9a-f]{64}$/);
    assert.match(conversionKey({ ...base, optionsFingerprint: fingerprint }), /^[0-9a-f]{64}$/);
  });
});
