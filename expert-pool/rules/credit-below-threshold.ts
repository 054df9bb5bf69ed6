import type { AvoidanceRule } from './context.js';

// Ratings after each job drive the credit score (动态考核); a score exactly at the threshold passes.
export const creditBelowThreshold: AvoidanceRule = (expert, ctx) =>
  expert.creditScore < ctx.draw.minCreditScore
    ? {
        rule: 'credit-below-threshold',
        reason: `credit score ${expert.creditScore} below ${ctx.draw.minCreditScore}`,
      }
    : null;
