import assert from 'node:assert/strict';
import { CRITERIA } from './testing.js';
import { candidates, rankComprehensive, rankLowestPrice, type ScoredBid } from './ranking.js';
import type { PriceFormula } from './types.js';

// Lowest-price base, full 30 points: 1,000 fen scores 30.00 and 1,200 fen 25.00 when both are in.
const FORMULA: PriceFormula = { base: 'lowest-price' };
const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 8, minute));

/** A bid with one sheet per member, each [design (technical), staff (technical), warranty (commercial)]. */
function bid(
  bidId: string,
  priceFen: number,
  sheets: [number, number, number][],
  receivedAt?: Date,
): ScoredBid {
  return {
    bidId,
    priceFen,
    ...(receivedAt ? { receivedAt } : {}),
    sheets: sheets.map(([design, staff, warranty], i) => ({
      memberId: `m${i + 1}`,
      scores: { design, staff, warranty },
    })),
  };
}

interface Row {
  name: string;
  bids: ScoredBid[];
  /** [bidId, score, technical score, tiedOnRules] in ranked order. */
  ranked: [string, number, number, boolean][];
}

const rows: Row[] = [
  {
    name: 'the higher mean score first, even at a higher price',
    bids: [
      bid('cheap', 1_000, [
        [30_00, 10_00, 19_00],
        [30_00, 10_00, 19_00],
      ]), // 59.00 + 30.00
      bid('good', 1_200, [
        [40_00, 10_50, 19_50],
        [36_00, 10_50, 19_50],
      ]), // (70.00, 66.00) + 25.00
    ],
    ranked: [
      ['good', 93_00, 48_50, false],
      ['cheap', 89_00, 40_00, false],
    ],
  },
  {
    name: 'equal scores: the lower price first',
    bids: [
      bid('dear', 1_200, [[40_00, 10_00, 15_00]]), // 65.00 + 25.00
      bid('cheap', 1_000, [[35_00, 10_00, 15_00]]), // 60.00 + 30.00
    ],
    ranked: [
      ['cheap', 90_00, 45_00, false],
      ['dear', 90_00, 50_00, false],
    ],
  },
  {
    name: 'equal scores and prices: the higher technical score first',
    bids: [bid('commercial', 1_000, [[30_00, 5_00, 15_00]]), bid('technical', 1_000, [[35_00, 5_00, 10_00]])],
    ranked: [
      ['technical', 80_00, 40_00, false],
      ['commercial', 80_00, 35_00, false],
    ],
  },
  {
    name: 'equal on every rule: the earlier receipt first, marked as tied',
    // the ids sort the other way, so the receipt time is what decides
    bids: [
      bid('a-late', 1_000, [[30_00, 5_00, 15_00]], at(30)),
      bid('z-early', 1_000, [[30_00, 5_00, 15_00]], at(10)),
    ],
    ranked: [
      ['z-early', 80_00, 35_00, false],
      ['a-late', 80_00, 35_00, true],
    ],
  },
  {
    name: 'equal on every rule and no receipt times: by bid id, marked as tied',
    bids: [bid('b-2', 1_000, [[30_00, 5_00, 15_00]]), bid('b-1', 1_000, [[30_00, 5_00, 15_00]])],
    ranked: [
      ['b-1', 80_00, 35_00, false],
      ['b-2', 80_00, 35_00, true],
    ],
  },
  {
    name: 'means are rounded half up: 89.005 → 89.01, technical 40.005 → 40.01',
    bids: [
      bid('only', 1_000, [
        [30_00, 10_00, 19_00],
        [30_01, 10_00, 19_00],
      ]),
    ],
    ranked: [['only', 89_01, 40_01, false]],
  },
];

describe('rankComprehensive: 综合评估法 (docs/domain.md §5, PB Art.32-37)', () => {
  for (const row of rows) {
    it(row.name, () => {
      const ranked = rankComprehensive(row.bids, CRITERIA, FORMULA);
      assert.deepEqual(
        ranked.map((r) => [r.bidId, r.score, r.technicalScore, r.tiedOnRules]),
        row.ranked,
      );
      assert.deepEqual(
        ranked.map((r) => r.rank),
        row.ranked.map((_, i) => i + 1),
      );
    });
  }

  it('member totals are own scores plus the computed price score', () => {
    const [only] = rankComprehensive(
      [
        bid('x', 1_000, [
          [1_00, 2_00, 3_00],
          [4_00, 5_00, 6_00],
        ]),
      ],
      CRITERIA,
      FORMULA,
    );
    assert.equal(only?.priceScore, 30_00);
    assert.deepEqual(only?.memberTotals, [
      { memberId: 'm1', totalHundredths: 36_00 },
      { memberId: 'm2', totalHundredths: 45_00 },
    ]);
  });

  it('refuses to rank a bid without sheets', () => {
    assert.throws(() => rankComprehensive([bid('x', 1_000, [])], CRITERIA, FORMULA), RangeError);
  });
});

describe('rankLowestPrice: 经评审的最低投标价法 (PB Art.29-31)', () => {
  it('the lowest price first; equal prices by the earlier receipt, then by bid id, marked as tied', () => {
    const ranked = rankLowestPrice([
      { bidId: 'c', priceFen: 900 },
      { bidId: 'a-late', priceFen: 800, receivedAt: at(30) },
      { bidId: 'a', priceFen: 900 },
      { bidId: 'z-early', priceFen: 800, receivedAt: at(10) },
      { bidId: 'low', priceFen: 700 },
    ]);
    assert.deepEqual(
      ranked.map((r) => [r.rank, r.bidId, r.tiedOnRules, r.score]),
      [
        [1, 'low', false, null],
        [2, 'z-early', false, null],
        [3, 'a-late', true, null],
        [4, 'a', false, null],
        [5, 'c', true, null],
      ],
    );
  });
});

describe('candidates (SS Art.53)', () => {
  it('up to three, in rank order', () => {
    const ranking = rankLowestPrice([1, 2, 3, 4].map((n) => ({ bidId: `b${n}`, priceFen: n * 100 })));
    assert.deepEqual(
      candidates(ranking).map((r) => r.bidId),
      ['b1', 'b2', 'b3'],
    );
    assert.deepEqual(
      candidates(ranking.slice(0, 2)).map((r) => r.bidId),
      ['b1', 'b2'],
    );
  });
});
