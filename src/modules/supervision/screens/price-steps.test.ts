import { priceSteps } from './price-steps.js';
import { RECORD_SEQ, screenTable, section } from './testing.js';

screenTable('price-steps', 'identical prices, or prices in regular steps (SS Art.40, R028)', priceSteps, [
  {
    name: 'two bidders at exactly one price',
    facts: section([1_000_000, 1_000_000, 1_234_567]),
    expect: [['identical:section-1:1000000', 'critical']],
    seqs: [[100, 101, RECORD_SEQ]],
  },
  {
    name: 'competing prices pass',
    facts: section([1_000_000, 1_037_000, 1_090_000]),
    expect: [],
  },
  {
    name: 'prices in equal steps',
    facts: section([1_300_000, 1_000_000, 1_200_000, 1_100_000]),
    expect: [['steps:section-1', 'warning']],
    seqs: [[100, 101, 102, 103, RECORD_SEQ]],
  },
  {
    name: 'steps that vary by exactly the tolerance (1 % of their mean) are regular',
    facts: section([1_000_000, 1_099_500, 1_200_000]),
    expect: [['steps:section-1', 'warning']],
  },
  {
    name: 'steps that vary by one fen more are not',
    facts: section([1_000_000, 1_099_499, 1_200_000]),
    expect: [],
  },
  {
    name: 'two prices make no steps',
    facts: section([1_000_000, 1_100_000]),
    expect: [],
  },
  {
    name: 'identical prices among regular steps: both findings',
    facts: section([1_000_000, 1_000_000, 1_100_000, 1_200_000]),
    expect: [
      ['identical:section-1:1000000', 'critical'],
      ['steps:section-1', 'warning'],
    ],
  },
]);
