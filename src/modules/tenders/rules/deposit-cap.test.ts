import { depositCap } from './deposit-cap.js';
import type { SectionFacts } from './rule.js';
import { facts, section as withPlan, violationTable } from './testing.js';

const section = (estimatedPriceFen: number, depositFen: number): SectionFacts =>
  withPlan({ maxPriceFen: estimatedPriceFen + 1, estimatedPriceFen, depositFen });

violationTable(
  'deposit-cap',
  'bid deposit ≤ 2% of the estimated price, per section, in integer fen (SS Art.26)',
  depositCap,
  [
    { name: 'exactly 2% passes', facts: facts({ sections: [section(900_000_00, 18_000_00)] }), expect: [] },
    {
      name: '1 fen over 2% fails, naming the cap in fen',
      facts: facts({ sections: [section(900_000_00, 18_000_01)] }),
      expect: [['DEPOSIT_OVER_CAP', 'sections.0.depositFen']],
      params: { maxFen: 18_000_00 },
    },
    {
      name: 'a cap that is not whole fen rounds down: 2% of 12 345 fen is 246.9, so 246 passes',
      facts: facts({ sections: [section(12_345, 246)] }),
      expect: [],
    },
    {
      name: '247 fen on 12 345 fen fails with a cap of 246',
      facts: facts({ sections: [section(12_345, 247)] }),
      expect: [['DEPOSIT_OVER_CAP', 'sections.0.depositFen']],
      params: { maxFen: 246 },
    },
    { name: 'no deposit passes', facts: facts({ sections: [section(900_000_00, 0)] }), expect: [] },
    {
      name: 'any deposit on a zero estimate fails',
      facts: facts({ sections: [section(0, 1)] }),
      expect: [['DEPOSIT_OVER_CAP', 'sections.0.depositFen']],
      params: { maxFen: 0 },
    },
    {
      name: 'each section on its own: only the second, over its cap, is named',
      facts: facts({ sections: [section(100_00, 2_00), section(100_00, 2_01), section(50_00, 1_00)] }),
      expect: [['DEPOSIT_OVER_CAP', 'sections.1.depositFen']],
      params: { maxFen: 2_00 },
    },
    {
      name: 'large amounts stay exact: 2% of 9 000 000 000 000 fen, plus 1 fen, fails',
      facts: facts({ sections: [section(9_000_000_000_000, 180_000_000_001)] }),
      expect: [['DEPOSIT_OVER_CAP', 'sections.0.depositFen']],
    },
  ],
);
