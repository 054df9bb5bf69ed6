import type { AvoidanceRule } from './context.js';

// Economic interest in a bidder (PB Art.12). Only applies when the bidders are known at draw time.
export const sameEmployerAsBidder: AvoidanceRule = (expert, ctx) =>
  expert.employerUscc !== null && ctx.bidders.has(expert.employerUscc)
    ? { rule: 'same-employer-as-bidder', reason: `employed by bidder ${expert.employerUscc}` }
    : null;
