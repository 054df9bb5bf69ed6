import assert from 'node:assert/strict';
import { fixtureTable } from '../../../platform/rules/fixture-table.js';
import { deviations } from './deviation.js';

interface Row {
  name: string;
  totals: number[];
  percent?: number;
  /** [member index, mean shown] of the flagged members. */
  flagged: [number, number][];
}

fixtureTable({
  id: 'deviation',
  title: 'a member total more than P % off the committee mean is flagged (GP87 Art.64, extreme scores)',
  rule: deviations,
  given: (row: Row) => ({
    facts: row.totals.map((totalHundredths, i) => ({ memberId: `m${i}`, totalHundredths })),
    context: row.percent ?? 20,
  }),
  expect: (found, row) =>
    assert.deepEqual(
      found.map((d) => [Number(d.memberId.slice(1)), d.meanHundredths]),
      row.flagged,
    ),
  rows: [
    {
      name: 'exactly 20 % above and 20 % below the mean: not flagged',
      totals: [96_00, 64_00, 80_00, 80_00],
      flagged: [],
    },
    {
      name: 'one hundredth past 20 % on either side: flagged',
      totals: [96_01, 63_99, 80_00, 80_00],
      flagged: [
        [0, 80_00],
        [1, 80_00],
      ],
    },
    {
      name: 'the mean stays exact: 0.67 against 0.5566… is flagged (against a rounded 0.56 it would not be)',
      totals: [50, 50, 67],
      flagged: [[2, 56]],
    },
    {
      name: 'a configured 10 %: exactly 10 % off is not flagged',
      totals: [90_00, 110_00, 100_00],
      percent: 10,
      flagged: [],
    },
    {
      name: 'a configured 10 %: just past it is',
      totals: [89_99, 110_01, 100_00],
      percent: 10,
      flagged: [
        [0, 100_00],
        [1, 100_00],
      ],
    },
    { name: 'every total zero: nobody is off the mean', totals: [0, 0, 0, 0, 0], flagged: [] },
    { name: 'a lone member is the mean', totals: [12_34], flagged: [] },
  ],
});
