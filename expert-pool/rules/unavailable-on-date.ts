import type { AvoidanceRule } from './context.js';

// The expert declared they cannot attend on the evaluation day.
export const unavailableOnDate: AvoidanceRule = (expert, ctx) =>
  expert.unavailableDates.includes(ctx.draw.evaluationDate)
    ? { rule: 'unavailable-on-date', reason: `unavailable on ${ctx.draw.evaluationDate}` }
    : null;
