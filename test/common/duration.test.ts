import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, parseDuration } from '../../src/common/duration.ts';

describe('parseDuration', () => {
  const valid: [string, number][] = [
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['1h 30m 15s', 5_415_000],
    ['2s500ms', 2_500],
    ['1.5s', 1_500],
    ['0.5h', 1_800_000],
    ['30', 30_000],
    ['2.5', 2_500],
    [' 15m ', 900_000],
    ['0', 0],
    ['0s', 0],
  ];
  for (const [text, milliseconds] of valid) {
    it(`reads ${JSON.stringify(text)} as ${milliseconds} ms`, () => {
      assert.equal(parseDuration(text), milliseconds);
    });
  }

  const invalid = [
    '',
    'soon',
    '-5s',
    '-1',
    '5x',
    '5 minutes',
    '1e3',
    's',
    '.5s',
    '30m1h',
    '1m1m',
    '5M',
    '1h-30m',
    '5s!',
  ];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.equal(parseDuration(text), undefined);
    });
  }
});

describe('formatDuration', () => {
  it('writes the shortest compound form', () => {
    assert.equal(formatDuration(900_000), '15m');
    assert.equal(formatDuration(90_000), '1m30s');
    assert.equal(formatDuration(5_400_500), '1h30m500ms');
    assert.equal(formatDuration(500), '500ms');
    assert.equal(formatDuration(0), '0s');
  });

  it('round-trips through parseDuration', () => {
    for (const milliseconds of [1, 999, 1_000, 61_001, 21_600_000]) {
      assert.equal(parseDuration(formatDuration(milliseconds)), milliseconds);
    }
  });
});
