import { documentsAvailability } from './documents-availability.js';
import { DAY, at, facts, violationTable } from './testing.js';

violationTable('documents-availability', 'documents on offer ≥ 5 days (SS Art.16)', documentsAvailability, [
  { name: 'exactly 5 days passes', facts: facts({ schedule: { documentsTo: at(5 * DAY) } }), expect: [] },
  {
    name: '5 days minus 1 ms fails',
    facts: facts({ schedule: { documentsTo: at(5 * DAY - 1) } }),
    expect: [['DOCUMENTS_PERIOD_TOO_SHORT', 'schedule.documentsTo']],
    params: { minDays: 5, actualDays: 4.99 },
  },
  {
    name: 'counted from now when the documents were issued earlier: 7 days in all, 4 left, fails',
    facts: facts({ schedule: { documentsFrom: at(-3 * DAY), documentsTo: at(4 * DAY) } }),
    expect: [['DOCUMENTS_PERIOD_TOO_SHORT', 'schedule.documentsTo']],
    params: { minDays: 5, actualDays: 4 },
  },
  {
    name: 'counted from the issue when it is later: issue on day 2, until day 7, passes',
    facts: facts({ schedule: { documentsFrom: at(2 * DAY), documentsTo: at(7 * DAY) } }),
    expect: [],
  },
  {
    name: 'issue on day 2, until day 7 minus 1 ms, fails',
    facts: facts({ schedule: { documentsFrom: at(2 * DAY), documentsTo: at(7 * DAY - 1) } }),
    expect: [['DOCUMENTS_PERIOD_TOO_SHORT', 'schedule.documentsTo']],
  },
  {
    name: 'an end before the start fails',
    facts: facts({ schedule: { documentsTo: at(-DAY) } }),
    expect: [['DOCUMENTS_PERIOD_TOO_SHORT', 'schedule.documentsTo']],
    params: { minDays: 5, actualDays: -1 },
  },
]);
