import { gpCommitteeSize } from './gp-committee-size.js';
import { facts, plan, section, violationTable } from './testing.js';

const TEN_MILLION_CNY = 10_000_000_00; // fen
const made = (estimatedPriceFen: number, size: number, governmentProcurement = true) =>
  facts({
    sections: [
      section(
        { maxPriceFen: estimatedPriceFen + 100_00, estimatedPriceFen, depositFen: 0 },
        plan({ governmentProcurement, committee: { size, experts: size, representatives: 0 } }),
      ),
    ],
  });
const SIZE = 'sections.0.evaluationPlan.committee.size';

violationTable(
  'gp-committee-size',
  'government procurement with a budget ≥ 10,000,000 CNY: ≥ 7 members (GP87 Art.47)',
  gpCommitteeSize,
  [
    { name: 'GP, 9,999,999.99 CNY, 5 members passes', facts: made(TEN_MILLION_CNY - 1, 5), expect: [] },
    {
      name: 'GP, 10,000,000.00 CNY, 5 members fails',
      facts: made(TEN_MILLION_CNY, 5),
      expect: [['GP_COMMITTEE_TOO_SMALL', SIZE, /at least 7/]],
      params: { minSize: 7, size: 5, budgetFen: TEN_MILLION_CNY },
    },
    { name: 'GP, 10,000,000.00 CNY, 7 members passes', facts: made(TEN_MILLION_CNY, 7), expect: [] },
    {
      name: 'GP, 10,000,000.00 CNY, 6 members fails (the odd-size rule names it too)',
      facts: made(TEN_MILLION_CNY, 6),
      expect: [['GP_COMMITTEE_TOO_SMALL', SIZE]],
    },
    {
      name: 'GP, 50,000,000 CNY, 5 members fails',
      facts: made(5 * TEN_MILLION_CNY, 5),
      expect: [['GP_COMMITTEE_TOO_SMALL', SIZE]],
    },
    {
      name: 'not GP, 10,000,000.00 CNY, 5 members passes',
      facts: made(TEN_MILLION_CNY, 5, false),
      expect: [],
    },
    {
      name: 'GP, 9,999,999.99 CNY, 3 members: not this rule’s finding (the size rule’s)',
      facts: made(TEN_MILLION_CNY - 1, 3),
      expect: [],
    },
  ],
);
