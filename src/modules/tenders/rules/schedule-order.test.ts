import { scheduleOrder } from './schedule-order.js';
import { DAY, at, facts, violationTable } from './testing.js';

violationTable(
  'schedule-order',
  'documents from < to ≤ bid deadline; documentsFrom ≤ clarification < bid deadline (ZB Art.34)',
  scheduleOrder,
  [
    { name: 'the baseline schedule is in order', facts: facts(), expect: [] },
    {
      name: 'documents until the bid deadline itself is allowed',
      facts: facts({ schedule: { documentsTo: at(25 * DAY) } }),
      expect: [],
    },
    {
      name: 'documents on offer 1 ms past the bid deadline',
      facts: facts({ schedule: { documentsTo: at(25 * DAY + 1) } }),
      expect: [['SCHEDULE_OUT_OF_ORDER', 'schedule.documentsTo', /after the bid deadline/]],
    },
    {
      name: 'documents end the instant they start',
      facts: facts({ schedule: { documentsTo: at(0) } }),
      expect: [['SCHEDULE_OUT_OF_ORDER', 'schedule.documentsTo', /until after they are issued/]],
    },
    {
      name: 'documents end 1 ms after they start (in order; the 5-day rule is another rule)',
      facts: facts({ schedule: { documentsTo: at(1) } }),
      expect: [],
    },
    {
      name: 'clarification deadline 1 ms before the bid deadline is allowed',
      facts: facts({ schedule: { clarificationDeadline: at(25 * DAY - 1) } }),
      expect: [],
    },
    {
      name: 'clarification deadline at the bid deadline',
      facts: facts({ schedule: { clarificationDeadline: at(25 * DAY) } }),
      expect: [['SCHEDULE_OUT_OF_ORDER', 'schedule.clarificationDeadline', /before the bid deadline/]],
    },
    {
      name: 'clarification deadline at the first issue of the documents is allowed',
      facts: facts({ schedule: { clarificationDeadline: at(0) } }),
      expect: [],
    },
    {
      name: 'clarification deadline 1 ms before the documents are issued',
      facts: facts({ schedule: { clarificationDeadline: at(-1) } }),
      expect: [['SCHEDULE_OUT_OF_ORDER', 'schedule.clarificationDeadline', /before the documents/]],
    },
    {
      name: 'everything backwards reports each broken order',
      facts: facts({
        schedule: {
          documentsFrom: at(10 * DAY),
          documentsTo: at(9 * DAY),
          clarificationDeadline: at(8 * DAY),
          bidDeadline: at(7 * DAY),
        },
      }),
      expect: [
        ['SCHEDULE_OUT_OF_ORDER', 'schedule.documentsTo', /until after they are issued/],
        ['SCHEDULE_OUT_OF_ORDER', 'schedule.documentsTo', /after the bid deadline/],
        ['SCHEDULE_OUT_OF_ORDER', 'schedule.clarificationDeadline', /before the bid deadline/],
        ['SCHEDULE_OUT_OF_ORDER', 'schedule.clarificationDeadline', /before the documents/],
      ],
    },
    {
      name: 'order does not depend on the time of the check',
      facts: facts(),
      now: at(100 * DAY),
      expect: [],
    },
  ],
);
