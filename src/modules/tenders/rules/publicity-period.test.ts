import assert from 'node:assert/strict';
import { fixtureTable } from '../../../platform/rules/fixture-table.js';
import { earliestPublicityEnd, publicityPeriod } from './publicity-period.js';
import { assertViolations } from './testing.js';

interface Row {
  name: string;
  startsAt: string;
  endsAt: string;
  expect: 'PUBLICITY_TOO_SHORT' | 'PUBLICITY_TOO_LONG' | null;
  limit?: string;
}

// 10:00 Beijing on 2 March 2026: the publicity may end at 00:00 Beijing on 6 March (2026-03-05T16:00Z).
const START = '2026-03-02T02:00:00.000Z';
const EARLIEST = '2026-03-05T16:00:00.000Z';

fixtureTable({
  id: 'publicity-period',
  title: 'the publicity lasts ≥ 3 calendar days, the start’s day not counted (SS Art.54)',
  rule: publicityPeriod,
  given: (row: Row) => ({
    facts: { startsAt: new Date(row.startsAt), endsAt: new Date(row.endsAt) },
    context: undefined,
  }),
  expect: (violations, row) => {
    assertViolations(violations, row.expect ? [[row.expect, 'endsAt']] : []);
    if (row.limit) assert.deepEqual(Object.values(violations[0]!.params!), [row.limit]);
  },
  rows: [
    {
      name: 'ending 00:00 Beijing on the fourth day: long enough',
      startsAt: START,
      endsAt: EARLIEST,
      expect: null,
    },
    {
      name: 'one millisecond earlier (24:00 not reached): too short',
      startsAt: START,
      endsAt: '2026-03-05T15:59:59.999Z',
      expect: 'PUBLICITY_TOO_SHORT',
      limit: EARLIEST,
    },
    {
      name: 'exactly 72 hours is not enough when the start day is not counted',
      startsAt: START,
      endsAt: '2026-03-05T02:00:00.000Z',
      expect: 'PUBLICITY_TOO_SHORT',
      limit: EARLIEST,
    },
    {
      name: 'a start at 00:00 Beijing still does not count its own day: ends 00:00 on the fourth day after',
      startsAt: '2026-03-01T16:00:00.000Z',
      endsAt: '2026-03-05T16:00:00.000Z',
      expect: null,
    },
    {
      name: 'a start at 23:59 Beijing: three full days after it',
      startsAt: '2026-03-02T15:59:00.000Z',
      endsAt: '2026-03-05T15:59:59.999Z',
      expect: 'PUBLICITY_TOO_SHORT',
      limit: EARLIEST,
    },
    { name: 'a week: long enough', startsAt: START, endsAt: '2026-03-09T16:00:00.000Z', expect: null },
    {
      name: 'more than 30 days: refused as a typing error',
      startsAt: START,
      endsAt: '2026-04-01T16:00:00.001Z',
      expect: 'PUBLICITY_TOO_LONG',
      limit: '2026-04-01T16:00:00.000Z',
    },
  ],
});

describe('earliestPublicityEnd', () => {
  it('is 00:00 Beijing of the fourth date after the start’s Beijing date', () => {
    assert.equal(earliestPublicityEnd(new Date(START)).toISOString(), EARLIEST);
    assert.equal(
      earliestPublicityEnd(new Date('2026-12-30T16:30:00.000Z')).toISOString(),
      '2027-01-03T16:00:00.000Z',
    );
  });
});
