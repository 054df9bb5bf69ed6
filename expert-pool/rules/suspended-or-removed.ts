import type { AvoidanceRule } from './context.js';

// Unfit experts are suspended or removed after rating (1117 §12, 14); neither may be drawn.
export const suspendedOrRemoved: AvoidanceRule = (expert) =>
  expert.status === 'active' ? null : { rule: 'suspended-or-removed', reason: `expert is ${expert.status}` };
