import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCache } from '../../src/settings/cache.ts';

function read(values: Record<string, string>) {
  const problems: string[] = [];
  const all: Record<string, string> = { cache: 'true', 'cache-max-size': '500MB', ...values };
  const settings = readCache(
    (name) => all[name] ?? '',
    (problem) => problems.push(problem),
  );
  return { settings, problems };
}

describe('the cache inputs', () => {
  it('default to on with 500 MB', () => {
    assert.deepEqual(read({}), { settings: { enabled: true, maxBytes: 500_000_000 }, problems: [] });
  });

  it('read sizes in decimal and binary units, and plain bytes', () => {
    for (const [raw, bytes] of [
      ['2GB', 2e9],
      ['750 MiB', 750 * 1024 ** 2],
      ['1.5gb', 1.5e9],
      ['1000000', 1e6],
      ['10GB', 10e9],
    ] as const) {
      assert.deepEqual(read({ 'cache-max-size': raw }), {
        settings: { enabled: true, maxBytes: bytes },
        problems: [],
      });
    }
  });

  it('turn off with cache: false', () => {
    assert.equal(read({ cache: 'false' }).settings.enabled, false);
  });

  it('name the input, the value and what is allowed', () => {
    assert.deepEqual(read({ cache: 'sometimes' }).problems, [
      'Input "cache" is "sometimes": expected true or false (yes/no and 1/0 also work).',
    ]);
    for (const raw of ['', 'big', '11GB', '999kB', '5 TB', '-1MB']) {
      assert.deepEqual(read({ 'cache-max-size': raw }).problems, [
        `Input "cache-max-size" is ${JSON.stringify(raw)}: expected a size from 1MB to 10GB, like 500MB, 2GB or 750MiB.`,
      ]);
    }
  });
});
