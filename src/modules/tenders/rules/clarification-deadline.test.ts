import assert from 'node:assert/strict';
import { fixtureTable } from '../../../platform/rules/fixture-table.js';
import { deadlineAfterClarification } from './clarification-deadline.js';
import { DAY, at } from './testing.js';

interface Row {
  name: string;
  issuedAt: Date;
  /** Where the deadline moves to; null when it is kept. */
  movedTo: Date | null;
}

const DEADLINE = at(30 * DAY);

// The finding is the moved deadline: a clarification with 15 days' notice or more finds nothing.
fixtureTable({
  id: 'clarification-deadline',
  title: '≥ 15 days notice, else the deadline moves out (ZB Art.23, SS Art.21)',
  rule: (bidDeadline: Date, issuedAt: Date) => {
    const outcome = deadlineAfterClarification(bidDeadline, issuedAt);
    return outcome.moved ? outcome : null;
  },
  given: (row: Row) => ({ facts: DEADLINE, context: row.issuedAt }),
  expect: (findings, row) => {
    if (row.movedTo) return assert.deepEqual(findings, [{ bidDeadline: row.movedTo, moved: true }]);
    assert.deepEqual(findings, []);
    assert.deepEqual(deadlineAfterClarification(DEADLINE, row.issuedAt), {
      bidDeadline: DEADLINE,
      moved: false,
    });
  },
  rows: [
    { name: 'issued exactly 15 days before: kept', issuedAt: at(15 * DAY), movedTo: null },
    { name: 'issued 20 days before: kept', issuedAt: at(10 * DAY), movedTo: null },
    {
      name: 'issued 1 ms later than 15 days before: moves to issuedAt + 15 days',
      issuedAt: at(15 * DAY + 1),
      movedTo: at(30 * DAY + 1),
    },
    {
      name: 'issued 1 day before: moves to issuedAt + 15 days',
      issuedAt: at(29 * DAY),
      movedTo: at(44 * DAY),
    },
    {
      name: 'issued after the deadline: moves to issuedAt + 15 days',
      issuedAt: at(31 * DAY),
      movedTo: at(46 * DAY),
    },
  ],
});
