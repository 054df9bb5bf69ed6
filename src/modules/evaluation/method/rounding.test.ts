import assert from 'node:assert/strict';
import { divideHalfUp, fen, formatHundredths, meanHalfUp, toHundredths } from './rounding.js';

describe('rounding: hundredths of a point, half up at .005 (docs/domain.md §5)', () => {
  const divisions: [name: string, numerator: bigint, denominator: bigint, expected: bigint][] = [
    ['an exact quotient stays', 300n, 3n, 100n],
    ['exactly a half rounds up', 5n, 2n, 3n],
    ['just under a half rounds down (499,999/1,000,000)', 1_499_999n, 1_000_000n, 1n],
    ['just over a half rounds up', 1_500_001n, 1_000_000n, 2n],
    ['a negative half rounds away from zero', -5n, 2n, -3n],
    ['past 2^64', 2n ** 70n + 1n, 2n, 2n ** 69n + 1n],
  ];
  for (const [name, n, d, expected] of divisions)
    it(`divideHalfUp: ${name}`, () => assert.equal(divideHalfUp(n, d), expected));
  it('divideHalfUp refuses a zero denominator', () => assert.throws(() => divideHalfUp(1n, 0n), RangeError));

  const points: [points: number, hundredths: number][] = [
    [30, 3000],
    [0.29, 29], // 0.29 × 100 is 28.999999999999996 in floating point
    [12.34, 1234],
    [0, 0],
  ];
  for (const [p, h] of points) it(`toHundredths(${p}) = ${h}`, () => assert.equal(toHundredths(p), h));
  it('toHundredths refuses a third decimal', () => assert.throws(() => toHundredths(0.125), RangeError));

  it('formatHundredths shows two places', () => {
    assert.deepEqual([1234, 5, 0, -5, 10000].map(formatHundredths), [
      '12.34',
      '0.05',
      '0.00',
      '-0.05',
      '100.00',
    ]);
  });

  it('meanHalfUp rounds the exact mean once', () => {
    assert.equal(meanHalfUp([1, 2]), 2); // 1.5 → 2
    assert.equal(meanHalfUp([1, 1, 2]), 1); // 1.333… → 1
    assert.throws(() => meanHalfUp([]), RangeError);
  });

  it('fen takes positive safe integers only', () => {
    assert.equal(fen(Number.MAX_SAFE_INTEGER), 9_007_199_254_740_991n);
    for (const bad of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, NaN])
      assert.throws(() => fen(bad), RangeError);
  });
});
