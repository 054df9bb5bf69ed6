import type { TenderRule } from './rule.js';

/** SS Art.26: the bid deposit (投标保证金) is at most 2% of the estimated price, per section. */
export const DEPOSIT_CAP_PERCENT = 2;

export const depositCap: TenderRule = ({ sections }) =>
  sections.flatMap((s, i) => {
    // Integer fen throughout: deposit × 100 ≤ estimate × 2, no floating point.
    if (s.depositFen * 100 <= s.estimatedPriceFen * DEPOSIT_CAP_PERCENT) return [];
    return [
      {
        code: 'DEPOSIT_OVER_CAP',
        field: `sections.${i}.depositFen`,
        message: `The bid deposit may be at most ${DEPOSIT_CAP_PERCENT}% of the estimated price`,
        params: { maxFen: Math.floor((s.estimatedPriceFen * DEPOSIT_CAP_PERCENT) / 100) },
      },
    ];
  });
