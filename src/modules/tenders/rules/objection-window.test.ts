import assert from 'node:assert/strict';
import { fixtureTable } from '../../../platform/rules/fixture-table.js';
import { objectionAnswerDue, objectionWindow } from './objection-window.js';
import { DAY, assertViolations, at } from './testing.js';

interface Row {
  name: string;
  raisedAt: Date;
  late: boolean;
}

const DEADLINE = at(30 * DAY);

fixtureTable({
  id: 'objection-window',
  title: 'objections ≥ 10 days before the deadline (SS Art.22)',
  rule: objectionWindow,
  given: (row: Row) => ({ facts: DEADLINE, context: row.raisedAt }),
  expect: (violations, row) => {
    assertViolations(violations, row.late ? [['OBJECTION_TOO_LATE', 'content']] : []);
    if (row.late) assert.deepEqual(violations[0]?.params, { closedAt: at(20 * DAY).toISOString() });
  },
  rows: [
    { name: 'raised 25 days before: in time', raisedAt: at(5 * DAY), late: false },
    { name: 'raised exactly 10 days before: in time', raisedAt: at(20 * DAY), late: false },
    { name: 'raised 10 days minus 1 ms before: too late', raisedAt: at(20 * DAY + 1), late: true },
    { name: 'raised on the deadline: too late', raisedAt: DEADLINE, late: true },
    { name: 'raised after the deadline: too late', raisedAt: at(31 * DAY), late: true },
  ],
});

describe('objectionAnswerDue: answered within 3 days (SS Art.22)', () => {
  const due: [name: string, raisedAt: Date, dueAt: string][] = [
    ['3 days to the millisecond', at(0), at(3 * DAY).toISOString()],
    ['across a month end', new Date('2026-02-27T15:59:59.999Z'), '2026-03-02T15:59:59.999Z'],
    ['across a year end', new Date('2025-12-30T20:00:00.000Z'), '2026-01-02T20:00:00.000Z'],
  ];
  for (const [name, raisedAt, dueAt] of due) {
    it(name, () => assert.equal(objectionAnswerDue(raisedAt).toISOString(), dueAt));
  }
});
