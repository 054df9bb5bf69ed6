import { singleBid, type BidCountFacts } from './single-bid.js';
import { SECTION, screenTable } from './testing.js';

const count = (stage: BidCountFacts['stage'], n: number): BidCountFacts => ({
  sectionId: SECTION,
  stage,
  count: n,
  seq: 42,
});

screenTable('single-bid', 'exactly one bid (R018), or fewer than 3 valid bids', singleBid, [
  { name: 'one bid opened', facts: count('opened', 1), expect: [[SECTION, 'critical']], seqs: [[42]] },
  { name: 'two bids opened', facts: count('opened', 2), expect: [[SECTION, 'warning']] },
  { name: 'three bids opened pass (the boundary)', facts: count('opened', 3), expect: [] },
  { name: 'no bid opened of those received', facts: count('opened', 0), expect: [[SECTION, 'warning']] },
  {
    name: 'one bid received by a failed section',
    facts: count('received', 1),
    expect: [[SECTION, 'critical']],
  },
  {
    name: 'two bids received by a failed section',
    facts: count('received', 2),
    expect: [[SECTION, 'warning']],
  },
  { name: 'no bid received at all passes: nobody to collude', facts: count('received', 0), expect: [] },
]);
