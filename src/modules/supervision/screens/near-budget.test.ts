import { nearBudget } from './near-budget.js';
import { RECORD_SEQ, screenTable, section } from './testing.js';

const MAX = 10_000_000;

screenTable('near-budget', 'even the lowest price within a share under the maximum price', nearBudget, [
  {
    name: 'the lowest price exactly 2 % under the maximum is near (the boundary is inside)',
    facts: section([9_900_000, 9_800_000, 9_950_000], MAX),
    expect: [['section-1', 'warning']],
    seqs: [[100, 101, 102, RECORD_SEQ]],
  },
  {
    name: 'one fen lower is not',
    facts: section([9_900_000, 9_799_999, 9_950_000], MAX),
    expect: [],
  },
  {
    name: 'the lowest price at the maximum itself is near',
    facts: section([MAX, MAX], MAX),
    expect: [['section-1', 'warning']],
  },
  {
    name: 'a section without a maximum price passes',
    facts: section([9_900_000, 9_950_000], null),
    expect: [],
  },
  {
    name: 'prices above the maximum are the evaluation’s to reject, not a finding here',
    facts: section([MAX + 1, MAX + 2], MAX),
    expect: [],
  },
  {
    name: 'the share is a setting',
    facts: section([9_500_000], MAX),
    settings: { nearBudgetBp: 500 },
    expect: [['section-1', 'warning']],
  },
]);
