import { expertDeviation, type CommitteeScoresFacts } from './expert-deviation.js';
import { SECTION, screenTable } from './testing.js';

/** One bid scored by members m1…mn with these totals (hundredths). */
const scored = (...totals: number[]): CommitteeScoresFacts => ({
  sectionId: SECTION,
  evaluationId: 'ev-1',
  seq: 950,
  bids: [
    {
      bidId: 'bid-1',
      bidderName: '投标人1',
      members: totals.map((t, i) => ({ memberId: `m${i + 1}`, name: `专家${i + 1}`, totalHundredths: t })),
    },
  ],
});

// Five members, four at 80.00 and one at x, with the default 20 %: the mean is (320 + x) / 5, so x = 60.00
// is 16.00 (21.05 %) off 76.00, and x = 62.50 is 14.00 (18.30 %) off 76.50.
screenTable(
  'expert-deviation',
  'an expert’s total off the committee mean by more than the share',
  expertDeviation,
  [
    {
      name: 'one member far below the others',
      facts: scored(8_000, 8_000, 8_000, 8_000, 5_000),
      expect: [['ev-1:m5:bid-1', 'warning']],
      seqs: [[950]],
    },
    {
      name: 'a committee in agreement passes',
      facts: scored(8_000, 8_100, 7_900, 8_050, 7_950),
      expect: [],
    },
    {
      name: 'just over the share (21 %) is flagged',
      facts: scored(8_000, 8_000, 8_000, 8_000, 6_000),
      expect: [['ev-1:m5:bid-1', 'warning']],
    },
    {
      name: 'just under the share (18 %) passes',
      facts: scored(8_000, 8_000, 8_000, 8_000, 6_250),
      expect: [],
    },
    {
      name: 'exactly at the share passes (the boundary): 40.00 is 50 % off the mean 80.00',
      // Four members at 90.00 and one at 40.00: the others are 12.5 % off.
      facts: scored(9_000, 9_000, 9_000, 9_000, 4_000),
      settings: { expertDeviationBp: 5_000 },
      expect: [],
    },
    {
      name: 'one basis point less than the exact share flags it',
      facts: scored(9_000, 9_000, 9_000, 9_000, 4_000),
      settings: { expertDeviationBp: 4_999 },
      expect: [['ev-1:m5:bid-1', 'warning']],
    },
    {
      name: 'two members are no committee to deviate from: they pass',
      facts: scored(9_000, 3_000),
      expect: [],
    },
    {
      name: 'a bid nobody scored above zero passes',
      facts: scored(0, 0, 0),
      expect: [],
    },
  ],
);
