import type { TenderRule } from './rule.js';

/**
 * Every section states its maximum price (最高投标限价), which bids above it are rejected against
 * (SS Art.51); an estimate above the maximum price cannot be right either.
 */
export const maxPricePresent: TenderRule = ({ sections }) =>
  sections.flatMap((s, i) => {
    if (s.maxPriceFen === null || s.maxPriceFen <= 0) {
      return [
        {
          code: 'MAX_PRICE_MISSING',
          field: `sections.${i}.maxPriceFen`,
          message: 'A maximum price is required',
        },
      ];
    }
    if (s.estimatedPriceFen > s.maxPriceFen) {
      return [
        {
          code: 'ESTIMATE_ABOVE_MAX_PRICE',
          field: `sections.${i}.estimatedPriceFen`,
          message: 'The estimated price cannot exceed the maximum price',
        },
      ];
    }
    return [];
  });
