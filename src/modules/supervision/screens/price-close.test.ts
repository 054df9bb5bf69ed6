import { priceClose } from './price-close.js';
import { RECORD_SEQ, screenTable, section } from './testing.js';

screenTable('price-close', 'the second-lowest price within a share above the lowest (R024)', priceClose, [
  {
    name: 'the second price exactly 1 % above the lowest is close (the boundary is inside)',
    facts: section([1_010_000, 1_000_000, 1_500_000]),
    expect: [['section-1', 'warning']],
    seqs: [[100, 101, RECORD_SEQ]],
  },
  {
    name: 'one fen more is not',
    facts: section([1_010_001, 1_000_000, 1_500_000]),
    expect: [],
  },
  {
    name: 'identical prices are price-steps’ finding, not this one',
    facts: section([1_000_000, 1_000_000]),
    expect: [],
  },
  {
    name: 'with the lowest price tied, the next distinct price is compared',
    facts: section([1_000_000, 1_000_000, 1_005_000]),
    expect: [['section-1', 'warning']],
  },
  {
    name: 'the share is a setting',
    facts: section([1_000_000, 1_030_000]),
    settings: { priceCloseBp: 300 },
    expect: [['section-1', 'warning']],
  },
  {
    name: 'a single price passes',
    facts: section([1_000_000]),
    expect: [],
  },
]);
