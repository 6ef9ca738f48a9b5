import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSharding } from '../../src/settings/sharding.ts';

function read(inputs: Record<string, string>): {
  value: ReturnType<typeof readSharding>;
  problems: string[];
} {
  const problems: string[] = [];
  const value = readSharding(
    (name) => inputs[name] ?? (name === 'publish-only' || name === 'dry-run' ? 'false' : ''),
    (m) => {
      problems.push(m);
    },
  );
  return { value, problems };
}

describe('shard and publish-only', () => {
  it('reads i/n, spaces allowed, up to 256 shards; empty means the whole plan', () => {
    assert.deepEqual(read({ shard: '2/4' }).value, { shard: { index: 2, count: 4 }, publishOnly: false });
    assert.deepEqual(read({ shard: '1 / 1' }).value.shard, { index: 1, count: 1 });
    assert.deepEqual(read({ shard: '256/256' }).value.shard, { index: 256, count: 256 });
    assert.deepEqual(read({}).value, { shard: undefined, publishOnly: false });
    assert.deepEqual(read({ 'publish-only': 'true' }).value, { shard: undefined, publishOnly: true });
  });

  for (const bad of ['0/4', '5/4', 'a/b', '4', '1/0', '1/257', '-1/4', '1.5/4', '2/4/8']) {
    it(`refuses ${JSON.stringify(bad)}, naming the input, the value and what is allowed`, () => {
      const { value, problems } = read({ shard: bad });
      assert.equal(value.shard, undefined);
      assert.deepEqual(problems, [
        `Input "shard" is ${JSON.stringify(bad)}: expected i/n with 1 ≤ i ≤ n ≤ 256, like 1/4.`,
      ]);
    });
  }

  it('refuses a shard on the publishing job, and publish-only with a dry run', () => {
    assert.match(
      read({ shard: '1/2', 'publish-only': 'true' }).problems.join('\n'),
      /the publishing job takes no shard/,
    );
    assert.match(read({ 'dry-run': 'true', 'publish-only': 'true' }).problems.join('\n'), /choose one/);
    assert.match(read({ 'publish-only': 'maybe' }).problems.join('\n'), /Input "publish-only" is "maybe"/);
  });
});
