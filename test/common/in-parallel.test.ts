import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachInParallel } from '../../src/common/in-parallel.ts';

/** Resolves on a later turn of the event loop, so that workers interleave. */
const aTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('forEachInParallel', () => {
  it('does every item once, with its index, never more than the limit at a time', async () => {
    let running = 0;
    let most = 0;
    const seen: string[] = [];
    await forEachInParallel(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 3, async (item, index) => {
      running++;
      most = Math.max(most, running);
      await aTurn();
      seen.push(`${index}:${item}`);
      running--;
    });
    assert.equal(most, 3);
    assert.deepEqual(seen.sort(), ['0:a', '1:b', '2:c', '3:d', '4:e', '5:f', '6:g']);
  });

  it('rejects with the first error and starts nothing after it', async () => {
    const started: number[] = [];
    await assert.rejects(
      forEachInParallel([0, 1, 2, 3, 4, 5, 6, 7], 2, async (item) => {
        started.push(item);
        await aTurn();
        if (item === 1) throw new Error('item 1 failed');
      }),
      /item 1 failed/,
    );
    await aTurn();
    await aTurn();
    assert.deepEqual(
      started,
      [0, 1, 2],
      'the other worker finished its item and took one more before the failure',
    );
  });

  it('does nothing for no items', async () => {
    await forEachInParallel([], 4, async () => assert.fail('called'));
  });
});
