import type { AvoidanceRule } from './context.js';

// Staff of the tenderee judge their own employer's procurement (PB Art.12; practice: same employer).
export const sameEmployerAsTenderee: AvoidanceRule = (expert, ctx) =>
  expert.employerUscc !== null && expert.employerUscc === ctx.draw.tendereeUscc
    ? { rule: 'same-employer-as-tenderee', reason: 'employed by the tenderee' }
    : null;
