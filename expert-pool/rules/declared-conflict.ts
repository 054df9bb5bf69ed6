import type { AvoidanceRule } from './context.js';

// The expert's own 回避 declarations: relatives of a bidder's staff, former employers, and so on (PB Art.12).
export const declaredConflict: AvoidanceRule = (expert, ctx) => {
  const { tendereeUscc, agencyUscc } = ctx.draw;
  for (const conflict of expert.conflicts) {
    const party = conflict.partyUscc;
    const role =
      party === tendereeUscc
        ? 'the tenderee'
        : party === agencyUscc
          ? 'the agency'
          : ctx.bidders.has(party)
            ? `bidder ${party}`
            : null;
    if (role)
      return { rule: 'declared-conflict', reason: `declared conflict with ${role}: ${conflict.relation}` };
  }
  return null;
};
