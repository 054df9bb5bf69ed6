import { maxPricePresent } from './max-price.js';
import type { SectionFacts } from './rule.js';
import { facts, section as withPlan, violationTable } from './testing.js';

const section = (maxPriceFen: number | null, estimatedPriceFen = 100_00): SectionFacts =>
  withPlan({ maxPriceFen, estimatedPriceFen, depositFen: 0 });

violationTable(
  'max-price',
  'every section states a maximum price (最高投标限价) not below its estimate (SS Art.51)',
  maxPricePresent,
  [
    {
      name: 'a maximum above the estimate passes',
      facts: facts({ sections: [section(200_00)] }),
      expect: [],
    },
    {
      name: 'an estimate equal to the maximum passes',
      facts: facts({ sections: [section(100_00)] }),
      expect: [],
    },
    {
      name: 'an estimate 1 fen above the maximum fails',
      facts: facts({ sections: [section(100_00, 100_01)] }),
      expect: [['ESTIMATE_ABOVE_MAX_PRICE', 'sections.0.estimatedPriceFen']],
    },
    {
      name: 'no maximum price',
      facts: facts({ sections: [section(null)] }),
      expect: [['MAX_PRICE_MISSING', 'sections.0.maxPriceFen']],
    },
    {
      name: 'a maximum price of zero counts as missing',
      facts: facts({ sections: [section(0, 0)] }),
      expect: [['MAX_PRICE_MISSING', 'sections.0.maxPriceFen']],
    },
    {
      name: 'each section is named by its position',
      facts: facts({ sections: [section(200_00), section(null), section(50_00)] }),
      expect: [
        ['MAX_PRICE_MISSING', 'sections.1.maxPriceFen'],
        ['ESTIMATE_ABOVE_MAX_PRICE', 'sections.2.estimatedPriceFen'],
      ],
    },
  ],
);
