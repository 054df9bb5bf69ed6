import { lowestRejected, type EvaluationOutcomeFacts } from './lowest-rejected.js';
import { RECORD_SEQ, screenTable, section } from './testing.js';

const concluded = (prices: number[], candidates: string[]): EvaluationOutcomeFacts => ({
  prices: section(prices),
  candidates,
  seq: 950,
});

screenTable(
  'lowest-rejected',
  'the lowest bid disqualified (R036); all but the winner (R035)',
  lowestRejected,
  [
    {
      name: 'the lowest price among the candidates passes',
      facts: concluded([1_000_000, 1_100_000, 1_200_000], ['bid-2', 'bid-1', 'bid-3']),
      expect: [],
    },
    {
      name: 'the lowest price not among the candidates',
      facts: concluded([1_000_000, 1_100_000, 1_200_000, 1_300_000], ['bid-2', 'bid-3', 'bid-4']),
      expect: [['lowest:section-1', 'warning']],
      seqs: [[100, RECORD_SEQ, 950]],
    },
    {
      name: 'one candidate of three opened: all but the winner disqualified',
      facts: concluded([1_000_000, 1_100_000, 1_200_000], ['bid-1']),
      expect: [['all-but-winner:section-1', 'critical']],
    },
    {
      name: 'one candidate, and not the lowest: both',
      facts: concluded([1_000_000, 1_100_000, 1_200_000], ['bid-3']),
      expect: [
        ['lowest:section-1', 'warning'],
        ['all-but-winner:section-1', 'critical'],
      ],
    },
    {
      name: 'a tie for the lowest price with one of them a candidate passes',
      facts: concluded([1_000_000, 1_000_000, 1_200_000], ['bid-2', 'bid-3']),
      expect: [],
    },
    {
      name: 'an evaluation that named no candidate is not this screen’s',
      facts: concluded([1_000_000, 1_100_000, 1_200_000], []),
      expect: [],
    },
    {
      name: 'a single opened bid passes (single-bid finds it)',
      facts: concluded([1_000_000], ['bid-1']),
      expect: [],
    },
  ],
);
