import { committeeExperts } from './committee-experts.js';
import { facts, plan, section, violationTable } from './testing.js';

const made = (size: number, experts: number, representatives: number) =>
  facts({
    sections: [
      section(
        { maxPriceFen: 1_000_000_00, estimatedPriceFen: 900_000_00, depositFen: 0 },
        plan({ committee: { size, experts, representatives } }),
      ),
    ],
  });
const EXPERTS = 'sections.0.evaluationPlan.committee.experts';

violationTable(
  'committee-experts',
  'experts ≥ 2/3 of the committee, experts + representatives = size (ZB Art.37)',
  committeeExperts,
  [
    { name: '5 experts of 5 passes', facts: made(5, 5, 0), expect: [] },
    { name: '4 experts of 5 passes (12 ≥ 10)', facts: made(5, 4, 1), expect: [] },
    {
      name: '3 experts of 5 fails (9 < 10)',
      facts: made(5, 3, 2),
      expect: [['COMMITTEE_EXPERTS_TOO_FEW', EXPERTS, /two thirds/]],
      params: { minExperts: 4, experts: 3 },
    },
    { name: 'exactly 2/3: 6 experts of 9 passes', facts: made(9, 6, 3), expect: [] },
    {
      name: 'just under 2/3: 5 experts of 9 fails',
      facts: made(9, 5, 4),
      expect: [['COMMITTEE_EXPERTS_TOO_FEW', EXPERTS]],
      params: { minExperts: 6, experts: 5 },
    },
    { name: '5 experts of 7 passes (15 ≥ 14)', facts: made(7, 5, 2), expect: [] },
    {
      name: '4 experts of 7 fails (12 < 14)',
      facts: made(7, 4, 3),
      expect: [['COMMITTEE_EXPERTS_TOO_FEW', EXPERTS]],
    },
    {
      name: 'members that do not add up to the size fail',
      facts: made(7, 5, 1),
      expect: [['COMMITTEE_MEMBERS_MISMATCH', EXPERTS, /add up/]],
      params: { size: 7, experts: 5, representatives: 1 },
    },
    {
      name: 'too few and not adding up: both named',
      facts: made(9, 4, 4),
      expect: [
        ['COMMITTEE_MEMBERS_MISMATCH', EXPERTS],
        ['COMMITTEE_EXPERTS_TOO_FEW', EXPERTS],
      ],
    },
  ],
);
