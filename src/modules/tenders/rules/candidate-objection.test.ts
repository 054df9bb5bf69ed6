import { fixtureTable } from '../../../platform/rules/fixture-table.js';
import { candidateObjectionWindow } from './candidate-objection.js';
import { assertViolations } from './testing.js';

interface Row {
  name: string;
  raisedAt: string;
  expect: 'PUBLICITY_NOT_STARTED' | 'PUBLICITY_ENDED' | null;
}

const PUBLICITY = {
  startsAt: new Date('2026-03-02T02:00:00.000Z'),
  endsAt: new Date('2026-03-05T16:00:00.000Z'),
};

fixtureTable({
  id: 'candidate-objection',
  title: 'objections to the candidates only during their publicity (SS Art.54)',
  rule: candidateObjectionWindow,
  given: (row: Row) => ({ facts: PUBLICITY, context: new Date(row.raisedAt) }),
  expect: (violations, row) => assertViolations(violations, row.expect ? [[row.expect, 'content']] : []),
  rows: [
    {
      name: 'a millisecond before the start: not yet',
      raisedAt: '2026-03-02T01:59:59.999Z',
      expect: 'PUBLICITY_NOT_STARTED',
    },
    { name: 'at the start: in time', raisedAt: '2026-03-02T02:00:00.000Z', expect: null },
    { name: 'the last millisecond: in time', raisedAt: '2026-03-05T15:59:59.999Z', expect: null },
    { name: 'at the end: too late', raisedAt: '2026-03-05T16:00:00.000Z', expect: 'PUBLICITY_ENDED' },
    { name: 'a day after: too late', raisedAt: '2026-03-06T16:00:00.000Z', expect: 'PUBLICITY_ENDED' },
  ],
});
