import assert from 'node:assert/strict';
import { fixtureTable } from '../../../platform/rules/fixture-table.js';
import { latestPublicityStart, publicityStart } from './publicity-start.js';
import { assertViolations } from './testing.js';

interface Row {
  name: string;
  reportCompletedAt: string;
  startsAt: string;
  /** The time of the check; the report's completion when absent. */
  now?: string;
  expect: 'PUBLICITY_TOO_LATE' | 'PUBLICITY_START_PAST' | null;
  /** The limit the violation names. */
  limit?: string;
}

// 12:00 Beijing on Monday 2 March 2026: the publicity may start until 23:59:59.999 Beijing on 5 March.
const NOON = '2026-03-02T04:00:00.000Z';

fixtureTable({
  id: 'publicity-start',
  title: 'candidates published within 3 calendar days of the report, to 24:00 Beijing (SS Art.54)',
  rule: publicityStart,
  given: (row: Row) => ({
    facts: { reportCompletedAt: new Date(row.reportCompletedAt), startsAt: new Date(row.startsAt) },
    context: new Date(row.now ?? row.reportCompletedAt),
  }),
  expect: (violations, row) => {
    assertViolations(violations, row.expect ? [[row.expect, 'startsAt']] : []);
    if (row.limit) assert.deepEqual(Object.values(violations[0]!.params!), [row.limit]);
  },
  rows: [
    { name: 'at the report’s completion: in time', reportCompletedAt: NOON, startsAt: NOON, expect: null },
    {
      name: 'the last millisecond of the third day after (5 March 23:59:59.999 Beijing): in time',
      reportCompletedAt: NOON,
      startsAt: '2026-03-05T15:59:59.999Z',
      expect: null,
    },
    {
      name: '00:00 Beijing on the fourth day: too late, naming the limit',
      reportCompletedAt: NOON,
      startsAt: '2026-03-05T16:00:00.000Z',
      expect: 'PUBLICITY_TOO_LATE',
      limit: '2026-03-05T15:59:59.999Z',
    },
    {
      name: 'a report at 23:59:59.999 Beijing counts from that date: 6 March 23:59 is too late',
      reportCompletedAt: '2026-03-02T15:59:59.999Z',
      startsAt: '2026-03-06T15:59:00.000Z',
      expect: 'PUBLICITY_TOO_LATE',
      limit: '2026-03-05T15:59:59.999Z',
    },
    {
      name: 'a report at 00:00 Beijing the next day: 6 March 23:59 is in time',
      reportCompletedAt: '2026-03-02T16:00:00.000Z',
      startsAt: '2026-03-06T15:59:00.000Z',
      expect: null,
    },
    {
      name: 'across a month end (report 27 February 2026 Beijing): until 2 March 23:59:59.999',
      reportCompletedAt: '2026-02-27T02:00:00.000Z',
      startsAt: '2026-03-02T16:00:00.000Z',
      expect: 'PUBLICITY_TOO_LATE',
      limit: '2026-03-02T15:59:59.999Z',
    },
    {
      name: 'before the report was completed: refused',
      reportCompletedAt: NOON,
      startsAt: '2026-03-02T03:59:59.999Z',
      expect: 'PUBLICITY_START_PAST',
      limit: NOON,
    },
    {
      name: 'a minute in the past (the picker shows minutes): in time',
      reportCompletedAt: '2026-03-01T04:00:00.000Z',
      startsAt: '2026-03-02T03:59:00.000Z',
      now: NOON,
      expect: null,
    },
    {
      name: 'a minute and a millisecond in the past: refused',
      reportCompletedAt: '2026-03-01T04:00:00.000Z',
      startsAt: '2026-03-02T03:58:59.999Z',
      now: NOON,
      expect: 'PUBLICITY_START_PAST',
      limit: '2026-03-02T03:59:00.000Z',
    },
  ],
});

describe('latestPublicityStart', () => {
  it('is 23:59:59.999 Beijing of the third date after the report’s Beijing date', () => {
    assert.equal(latestPublicityStart(new Date(NOON)).toISOString(), '2026-03-05T15:59:59.999Z');
    // 01:00 Beijing on 1 January is already the new year's date.
    assert.equal(
      latestPublicityStart(new Date('2025-12-31T17:00:00.000Z')).toISOString(),
      '2026-01-04T15:59:59.999Z',
    );
  });
});
