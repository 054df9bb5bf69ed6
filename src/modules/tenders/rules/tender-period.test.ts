import { DAY, at, facts, violationTable } from './testing.js';
import { tenderPeriod } from './tender-period.js';

violationTable(
  'tender-period',
  '≥ 20 days from first issue of the documents to the bid deadline (ZB Art.24)',
  tenderPeriod,
  [
    {
      name: 'exactly 20 days passes',
      facts: facts({ schedule: { bidDeadline: at(20 * DAY) } }),
      expect: [],
    },
    {
      name: '20 days minus 1 ms fails',
      facts: facts({ schedule: { bidDeadline: at(20 * DAY - 1) } }),
      expect: [['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline']],
      params: { minDays: 20, actualDays: 19.99 },
    },
    {
      name: 'documents issued in the past count from now: 25 days since issue but 20 days minus 1 ms left fails',
      facts: facts({ schedule: { documentsFrom: at(-5 * DAY), bidDeadline: at(20 * DAY - 1) } }),
      expect: [['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline']],
      params: { minDays: 20, actualDays: 19.99 },
    },
    {
      name: 'documents issued in the past, exactly 20 days left passes',
      facts: facts({ schedule: { documentsFrom: at(-5 * DAY), bidDeadline: at(20 * DAY) } }),
      expect: [],
    },
    {
      name: 'documents issued later count from their issue: 19 days after it fails',
      facts: facts({ schedule: { documentsFrom: at(3 * DAY), bidDeadline: at(22 * DAY) } }),
      expect: [['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline']],
      params: { minDays: 20, actualDays: 19 },
    },
    {
      name: 'documents issued later, exactly 20 days after issue passes',
      facts: facts({ schedule: { documentsFrom: at(3 * DAY), bidDeadline: at(23 * DAY) } }),
      expect: [],
    },
    {
      name: 'the same schedule checked 1 ms later fails (the period shrinks as time passes)',
      facts: facts({ schedule: { bidDeadline: at(20 * DAY) } }),
      now: at(1),
      expect: [['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline']],
    },
    {
      name: 'a deadline already past fails with a negative period',
      facts: facts({ schedule: { documentsFrom: at(-30 * DAY), bidDeadline: at(-DAY) } }),
      expect: [['TENDER_PERIOD_TOO_SHORT', 'schedule.bidDeadline']],
      params: { minDays: 20, actualDays: -1 },
    },
  ],
);
