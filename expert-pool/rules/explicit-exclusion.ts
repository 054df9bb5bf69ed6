import type { AvoidanceRule } from './context.js';

// Exclusions the requester listed with a reason (e.g. a known relationship not yet declared by the expert).
export const explicitExclusion: AvoidanceRule = (expert, ctx) => {
  const reason = ctx.exclusions.get(expert.id);
  return reason === undefined ? null : { rule: 'explicit-exclusion', reason };
};
