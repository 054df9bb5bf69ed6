import type { AvoidanceRule } from './context.js';

// The agency runs the procedure; its staff must not also judge it.
export const sameEmployerAsAgency: AvoidanceRule = (expert, ctx) =>
  expert.employerUscc !== null && ctx.draw.agencyUscc !== null && expert.employerUscc === ctx.draw.agencyUscc
    ? { rule: 'same-employer-as-agency', reason: 'employed by the procurement agency' }
    : null;
