import { fixtureTable } from '../../../platform/rules/fixture-table.js';
import { cancellationReason } from './cancellation-reason.js';
import { assertViolations } from './testing.js';

interface Row {
  name: string;
  reason: string | undefined;
  accepted: boolean;
}

fixtureTable({
  id: 'cancellation-reason',
  title: 'a cancellation states a reason (docs/domain.md §8)',
  rule: cancellationReason,
  given: (row: Row) => ({ facts: row.reason, context: undefined }),
  expect: (violations, row) =>
    assertViolations(violations, row.accepted ? [] : [['CANCELLATION_REASON_REQUIRED', 'reason']]),
  rows: [
    { name: 'no reason', reason: undefined, accepted: false },
    { name: 'an empty reason', reason: '', accepted: false },
    { name: 'only spaces', reason: '    ', accepted: false },
    { name: 'one character, however padded', reason: '  撤  ', accepted: false },
    { name: 'two characters', reason: '撤销', accepted: true },
    { name: 'two characters padded with spaces', reason: '  ab  ', accepted: true },
    { name: 'a sentence', reason: '项目资金未落实，招标人决定终止招标。', accepted: true },
  ],
});
