import { committeeRepresentatives } from './committee-representatives.js';
import { facts, plan, section, violationTable } from './testing.js';

const made = (size: number, representatives: number) =>
  facts({
    sections: [
      section(
        { maxPriceFen: 1_000_000_00, estimatedPriceFen: 900_000_00, depositFen: 0 },
        plan({ committee: { size, experts: size - representatives, representatives } }),
      ),
    ],
  });
const REPS = 'sections.0.evaluationPlan.committee.representatives';

violationTable(
  'committee-representatives',
  'the tenderee’s representatives ≤ 1/3 of the committee (ZB Art.37)',
  committeeRepresentatives,
  [
    { name: 'no representative passes', facts: made(5, 0), expect: [] },
    { name: '1 of 5 passes (3 ≤ 5)', facts: made(5, 1), expect: [] },
    {
      name: '2 of 5 fails (6 > 5)',
      facts: made(5, 2),
      expect: [['COMMITTEE_REPRESENTATIVES_TOO_MANY', REPS, /one third/]],
      params: { maxRepresentatives: 1, representatives: 2 },
    },
    { name: 'exactly 1/3: 3 of 9 passes', facts: made(9, 3), expect: [] },
    {
      name: '4 of 9 fails',
      facts: made(9, 4),
      expect: [['COMMITTEE_REPRESENTATIVES_TOO_MANY', REPS]],
      params: { maxRepresentatives: 3, representatives: 4 },
    },
    { name: '2 of 7 passes (6 ≤ 7)', facts: made(7, 2), expect: [] },
    {
      name: '3 of 7 fails (9 > 7)',
      facts: made(7, 3),
      expect: [['COMMITTEE_REPRESENTATIVES_TOO_MANY', REPS]],
    },
  ],
);
