import assert from 'node:assert/strict';
import fc from 'fast-check';
import { priceScores } from './price-score.js';
import type { PriceFormula } from './types.js';

const LOWEST: PriceFormula = { base: 'lowest-price' };
/** 1 point per 1 % above the base, 0.5 point per 1 % below it. */
const BENCHMARK: PriceFormula = {
  base: 'benchmark-average',
  pointsPerPercentAbove: 1,
  pointsPerPercentBelow: 0.5,
};

interface Row {
  name: string;
  formula: PriceFormula;
  /** Full marks in hundredths. */
  full: number;
  /** priceFen → expected score in hundredths (bid ids are made from the index). */
  cases: [priceFen: number, hundredths: number][];
}

// Expected values worked by hand (docs/domain.md §5; GP87 Art.55 for the lowest-price base).
const rows: Row[] = [
  {
    name: 'lowest price: base / price × full, the lowest scoring full marks',
    formula: LOWEST,
    full: 30_00,
    cases: [
      [800, 30_00],
      [1_000, 24_00],
      [1_200, 20_00],
    ],
  },
  {
    name: 'lowest price: exactly .005 rounds up (1562.5 hundredths → 15.63)',
    formula: LOWEST,
    full: 30_00,
    cases: [
      [100_000_000, 30_00],
      [192_000_000, 15_63],
    ],
  },
  {
    name: 'lowest price: one fen more is 1562.49999… hundredths → 15.62',
    formula: LOWEST,
    full: 30_00,
    cases: [
      [100_000_000, 30_00],
      [192_000_001, 15_62],
    ],
  },
  {
    name: 'lowest price: the same at 4·10^15 fen, where a product overflows 2^53',
    formula: LOWEST,
    full: 30_00,
    cases: [
      [4_000_000_000_000_000, 30_00],
      [7_680_000_000_000_000, 15_63],
      [7_680_000_000_000_001, 15_62],
    ],
  },
  {
    name: 'benchmark of 3 prices: none dropped; 10 % below costs 5 points, 10 % above 10 (rates differ)',
    formula: BENCHMARK,
    full: 30_00,
    cases: [
      [9_000_000, 25_00],
      [10_000_000, 30_00],
      [11_000_000, 20_00],
    ],
  },
  {
    name: 'benchmark of 3 prices: all kept, the base is their mean 11,000,000 (not the middle price)',
    formula: BENCHMARK,
    full: 30_00,
    cases: [
      [9_000_000, 20_91],
      [10_000_000, 25_45],
      [14_000_000, 2_73],
    ],
  },
  {
    name: 'benchmark of 4 prices: highest and lowest dropped, base 10,500,000 kept as a fraction',
    formula: BENCHMARK,
    full: 30_00,
    // base = (10,000,000 + 11,000,000) / 2; 9,000,000 is 14.2857…% below → 30 − 7.142857… = 22.857… → 22.86
    cases: [
      [9_000_000, 22_86],
      [10_000_000, 27_62],
      [11_000_000, 25_24],
      [20_000_000, 0],
    ],
  },
  {
    name: 'benchmark: exactly .005 rounds up (28.995 → 29.00)',
    formula: BENCHMARK,
    full: 30_00,
    cases: [
      [979_900_000, 29_00],
      [1_000_000_000, 30_00],
      [1_020_100_000, 27_99],
    ],
  },
  {
    name: 'benchmark: 28.99499999… rounds down to 28.99',
    formula: BENCHMARK,
    full: 30_00,
    cases: [
      [979_899_999, 28_99],
      [1_000_000_000, 30_00],
      [1_020_100_001, 27_99],
    ],
  },
  {
    name: 'benchmark at 3·10^15 fen (sums past 2^53): exactly .005 still rounds up',
    formula: BENCHMARK,
    full: 30_00,
    cases: [
      [2_939_700_000_000_000, 29_00],
      [3_000_000_000_000_000, 30_00],
      [3_060_300_000_000_000, 27_99],
    ],
  },
  {
    name: 'benchmark at 3·10^15 fen: one fen lower is 28.99499999… and rounds down',
    formula: BENCHMARK,
    full: 30_00,
    cases: [
      [2_939_699_999_999_999, 28_99],
      [3_000_000_000_000_000, 30_00],
      [3_060_300_000_000_001, 27_99],
    ],
  },
  {
    name: 'benchmark: 50 % above at 1 point per 1 % is floored at 0, not −20',
    formula: BENCHMARK,
    full: 30_00,
    cases: [
      [5_000_000, 5_00],
      [10_000_000, 30_00],
      [15_000_000, 0],
    ],
  },
  {
    name: 'one price alone: it is its own base and scores full marks',
    formula: BENCHMARK,
    full: 40_00,
    cases: [[123_456, 40_00]],
  },
  {
    name: 'fractional rates: 0.25 above, 0.15 below',
    formula: { base: 'benchmark-average', pointsPerPercentAbove: 0.25, pointsPerPercentBelow: 0.15 },
    full: 30_00,
    // base 100; 80 is 20 % below → 30 − 3 = 27; 120 is 20 % above → 30 − 5 = 25
    cases: [
      [80, 27_00],
      [100, 30_00],
      [120, 25_00],
    ],
  },
];

describe('priceScores (docs/domain.md §5, GP87 Art.55)', () => {
  for (const row of rows) {
    it(row.name, () => {
      const prices = row.cases.map(([priceFen], i) => ({ bidId: `b${i}`, priceFen }));
      const scores = priceScores(prices, row.formula, row.full);
      assert.deepEqual(
        row.cases.map((_, i) => scores.get(`b${i}`)),
        row.cases.map(([, expected]) => expected),
      );
    });
  }

  it('no prices, no scores', () => assert.equal(priceScores([], LOWEST, 30_00).size, 0));

  it('refuses a price that is not a positive whole number of fen, and a rate with 3 decimals', () => {
    assert.throws(() => priceScores([{ bidId: 'a', priceFen: 0 }], LOWEST, 30_00), RangeError);
    assert.throws(() => priceScores([{ bidId: 'a', priceFen: 1.5 }], LOWEST, 30_00), RangeError);
    const odd: PriceFormula = {
      base: 'benchmark-average',
      pointsPerPercentAbove: 0.125,
      pointsPerPercentBelow: 1,
    };
    assert.throws(() => priceScores([{ bidId: 'a', priceFen: 1 }], odd, 30_00), RangeError);
  });
});

describe('priceScores: properties', () => {
  const price = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
  const rate = fc.integer({ min: 0, max: 10_00 }).map((h) => h / 100);
  const formula: fc.Arbitrary<PriceFormula> = fc.oneof(
    fc.constant<PriceFormula>(LOWEST),
    fc.record({
      base: fc.constant('benchmark-average' as const),
      pointsPerPercentAbove: rate,
      pointsPerPercentBelow: rate,
    }),
  );
  const input = fc.record({
    prices: fc.array(price, { minLength: 1, maxLength: 12 }),
    formula,
    full: fc.integer({ min: 0, max: 100_00 }),
  });

  it('every score is within [0, full]; the lowest scores full under the lowest-price base', () => {
    fc.assert(
      fc.property(input, ({ prices, formula, full }) => {
        const scores = priceScores(
          prices.map((priceFen, i) => ({ bidId: `b${i}`, priceFen })),
          formula,
          full,
        );
        for (const s of scores.values()) assert.ok(Number.isInteger(s) && s >= 0 && s <= full, `${s}`);
        if (formula.base === 'lowest-price') {
          assert.equal(scores.get(`b${prices.indexOf(Math.min(...prices))}`), full);
        }
      }),
    );
  });

  it('the scores do not depend on the order of the bids', () => {
    fc.assert(
      fc.property(input, fc.func(fc.integer()), ({ prices, formula, full }, key) => {
        const bids = prices.map((priceFen, i) => ({ bidId: `b${i}`, priceFen }));
        const shuffled = [...bids].sort((a, b) => key(a.bidId) - key(b.bidId));
        const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
        assert.deepEqual(
          sorted(priceScores(shuffled, formula, full)),
          sorted(priceScores(bids, formula, full)),
        );
      }),
    );
  });
});
