import { committeeSize } from './committee-size.js';
import { facts, plan, section, violationTable } from './testing.js';

const sized = (size: number) =>
  facts({
    sections: [
      section(
        { maxPriceFen: 1_000_000_00, estimatedPriceFen: 900_000_00, depositFen: 0 },
        plan({ committee: { size, experts: size, representatives: 0 } }),
      ),
    ],
  });

violationTable('committee-size', 'a committee of ≥ 5 members, an odd number (ZB Art.37)', committeeSize, [
  {
    name: '4 members fails',
    facts: sized(4),
    expect: [['COMMITTEE_SIZE_INVALID', 'sections.0.evaluationPlan.committee.size']],
    params: { minSize: 5, size: 4 },
  },
  { name: '5 members passes', facts: sized(5), expect: [] },
  {
    name: '6 members fails: even',
    facts: sized(6),
    expect: [['COMMITTEE_SIZE_INVALID', 'sections.0.evaluationPlan.committee.size', /odd/]],
    params: { minSize: 5, size: 6 },
  },
  { name: '7 members passes', facts: sized(7), expect: [] },
  {
    name: '3 members fails: odd but too few',
    facts: sized(3),
    expect: [['COMMITTEE_SIZE_INVALID', 'sections.0.evaluationPlan.committee.size']],
  },
  { name: '21 members passes', facts: sized(21), expect: [] },
  {
    name: 'each section on its own: only the second is named',
    facts: facts({ sections: [...sized(5).sections, ...sized(8).sections] }),
    expect: [['COMMITTEE_SIZE_INVALID', 'sections.1.evaluationPlan.committee.size']],
  },
]);
