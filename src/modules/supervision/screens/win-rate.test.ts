import assert from 'node:assert/strict';
import { bidder, SECTION, screenTable } from './testing.js';
import { quantile, winRate, type BidderRecord, type WinRateFacts } from './win-rate.js';

/** Bidder i+1 won wins[i] of bids (4 unless told) bids. */
const history = (wins: number[], bids = 4): BidderRecord[] =>
  wins.map((w, i) => ({ bidder: bidder(i + 1), bids, wins: w }));

const facts = (records: BidderRecord[], ours: number[]): WinRateFacts => ({
  sectionId: SECTION,
  seq: 970,
  history: records,
  bidders: ours.map((n) => `party-${n}`),
});

// Eight bidders of 4 bids each winning 0, 0, 1, 1, 1, 1, 2 and x: the rates' Q1 is 0.1875 and Q3 0.3125
// (interpolated), so the fences are 0 − … (nothing below) and exactly 0.5 (2 wins of 4) above.
screenTable('win-rate', 'a bidder’s wins/bids outside Q1 − 1.5·IQR … Q3 + 1.5·IQR (R025)', winRate, [
  {
    name: 'a bidder winning 3 of 4, above the fence of 2 of 4',
    facts: facts(history([0, 0, 1, 1, 1, 1, 2, 3]), [8, 3]),
    expect: [['party-8:high', 'warning']],
    seqs: [[970]],
  },
  {
    name: 'a bidder exactly on the fence passes (the boundary)',
    facts: facts(history([0, 0, 1, 1, 1, 1, 2, 2]), [7, 8]),
    expect: [],
  },
  {
    name: 'a bidder always losing where the others win half',
    facts: facts(history([2, 2, 2, 2, 2, 2, 2, 0]), [8]),
    expect: [['party-8:low', 'info']],
  },
  {
    name: 'an outlier that did not bid in this section is not this tender’s finding',
    facts: facts(history([0, 0, 1, 1, 1, 1, 2, 3]), [1, 2]),
    expect: [],
  },
  {
    name: 'seven bidders are too few to speak of a distribution',
    facts: facts(history([0, 0, 1, 1, 1, 1, 4]), [7]),
    expect: [],
  },
  {
    name: 'bidders with fewer bids than the least are not counted',
    facts: facts(
      history([0, 0, 1, 1, 1, 1, 2, 3], 2).map((r, i) => (i === 0 ? { ...r, bids: 4 } : r)),
      [8],
    ),
    expect: [],
  },
  {
    name: 'a smaller population allowed by the settings',
    facts: facts(history([1, 1, 1, 4]), [4]),
    settings: { winRateMinBidders: 4 },
    expect: [['party-4:high', 'warning']],
  },
]);

describe('win-rate: quartiles', () => {
  it('interpolates between neighbours', () => {
    assert.equal(quantile([0, 0, 0.25, 0.25, 0.25, 0.25, 0.5, 0.75], 0.25), 0.1875);
    assert.equal(quantile([0, 0, 0.25, 0.25, 0.25, 0.25, 0.5, 0.75], 0.75), 0.3125);
    assert.equal(quantile([1, 2, 3, 4, 5], 0.5), 3);
  });
});
