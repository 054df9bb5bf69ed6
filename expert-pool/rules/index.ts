import type { AvoidanceRule } from './context.js';
import { suspendedOrRemoved } from './suspended-or-removed.js';
import { explicitExclusion } from './explicit-exclusion.js';
import { sameEmployerAsTenderee } from './same-employer-as-tenderee.js';
import { sameEmployerAsAgency } from './same-employer-as-agency.js';
import { sameEmployerAsBidder } from './same-employer-as-bidder.js';
import { declaredConflict } from './declared-conflict.js';
import { unavailableOnDate } from './unavailable-on-date.js';
import { creditBelowThreshold } from './credit-below-threshold.js';
import { sameTendereeCooldown } from './same-tenderee-cooldown.js';

export {
  prepareContext,
  addDays,
  type AvoidanceRule,
  type RuleContext,
  type RuleViolation,
} from './context.js';

/**
 * Every avoidance rule (回避, docs/domain.md §4) under its id, the file name and the `rule` of its finding,
 * in the order eligibility reports them; the first wins. index.test.ts checks the folder against it.
 */
export const avoidanceRulesById: Readonly<Record<string, AvoidanceRule>> = {
  'suspended-or-removed': suspendedOrRemoved,
  'explicit-exclusion': explicitExclusion,
  'same-employer-as-tenderee': sameEmployerAsTenderee,
  'same-employer-as-agency': sameEmployerAsAgency,
  'same-employer-as-bidder': sameEmployerAsBidder,
  'declared-conflict': declaredConflict,
  'unavailable-on-date': unavailableOnDate,
  'credit-below-threshold': creditBelowThreshold,
  'same-tenderee-cooldown': sameTendereeCooldown,
};

/** The same rules as a list, in order. */
export const avoidanceRules: readonly AvoidanceRule[] = Object.values(avoidanceRulesById);

/**
 * The same rules in the same order, called directly: one call site per rule lets the engine inline them,
 * which makes eligibility over a large pool several times faster than looping over the array. A test
 * checks it agrees with `avoidanceRules`.
 */
export const firstViolation: AvoidanceRule = (e, c) =>
  suspendedOrRemoved(e, c) ??
  explicitExclusion(e, c) ??
  sameEmployerAsTenderee(e, c) ??
  sameEmployerAsAgency(e, c) ??
  sameEmployerAsBidder(e, c) ??
  declaredConflict(e, c) ??
  unavailableOnDate(e, c) ??
  creditBelowThreshold(e, c) ??
  sameTendereeCooldown(e, c);

export {
  suspendedOrRemoved,
  explicitExclusion,
  sameEmployerAsTenderee,
  sameEmployerAsAgency,
  sameEmployerAsBidder,
  declaredConflict,
  unavailableOnDate,
  creditBelowThreshold,
  sameTendereeCooldown,
};
