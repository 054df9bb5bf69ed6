import { shortPeriod, type TenderPeriodFacts } from './short-period.js';
import { DAY, T0, screenTable } from './testing.js';

const schedule = (bidDeadline: number, documentsFrom = T0): TenderPeriodFacts => ({
  publishedAt: T0,
  documentsFrom,
  bidDeadline,
  seqs: [7, 3],
});

screenTable('short-period', 'the tender period below the minimum (R003; ZB Art.24: 20 days)', shortPeriod, [
  { name: 'exactly 20 days passes', facts: schedule(T0 + 20 * DAY), expect: [] },
  {
    name: '20 days less 1 ms is short',
    facts: schedule(T0 + 20 * DAY - 1),
    expect: [['tender', 'warning']],
    seqs: [[3, 7]],
  },
  {
    name: 'documents dated before publication count from publication',
    facts: schedule(T0 + 20 * DAY - 1, T0 - 5 * DAY),
    expect: [['tender', 'warning']],
  },
  {
    name: 'documents issued after publication count from their issue',
    facts: schedule(T0 + 22 * DAY, T0 + 3 * DAY),
    expect: [['tender', 'warning']],
  },
  {
    name: 'the minimum is a setting: 25 days is short of 30',
    facts: schedule(T0 + 25 * DAY),
    settings: { minTenderPeriodDays: 30 },
    expect: [['tender', 'warning']],
  },
]);
