import type { AvoidanceRule } from './context.js';

// An expert drawn for the same tenderee less than N days before the evaluation date is skipped, so one
// tenderee does not keep meeting the same experts. A draw exactly N days earlier no longer counts.
export const sameTendereeCooldown: AvoidanceRule = (expert, ctx) => {
  const after = ctx.cooldownAfter;
  if (after === null) return null;
  for (const draw of expert.recentDraws) {
    if (draw.tendereeUscc === ctx.draw.tendereeUscc && draw.date > after) {
      return {
        rule: 'same-tenderee-cooldown',
        reason: `drawn for the same tenderee on ${draw.date}, within ${ctx.draw.sameTendereeCooldownDays} days`,
      };
    }
  }
  return null;
};
