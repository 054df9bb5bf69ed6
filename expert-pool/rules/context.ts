// The rule kernel is the one import from src/ that this pure core allows (src/platform/rules/ is pure too).
import type { SingleFindingRule } from '../../src/platform/rules/index.js';
import type { DrawContext, PoolExpert } from '../types.js';

export interface RuleViolation {
  /** Stable rule id (the file name), for filtering and translation. */
  rule: string;
  reason: string;
}

/**
 * The draw context with its lists turned into sets once, so each rule is O(1) per expert and eligibility
 * over a pool of a million stays linear.
 */
export interface RuleContext {
  readonly draw: DrawContext;
  readonly bidders: ReadonlySet<string>;
  readonly exclusions: ReadonlyMap<string, string>;
  /** Draws for the same tenderee dated after this day fall within the cooldown; null when it is off. */
  readonly cooldownAfter: string | null;
}

/** At most one finding per expert: eligibility runs these over pools of a million. */
export type AvoidanceRule = SingleFindingRule<PoolExpert, RuleViolation, RuleContext>;

export function prepareContext(draw: DrawContext): RuleContext {
  return {
    draw,
    bidders: new Set(draw.bidderUsccs),
    exclusions: new Map(draw.exclusions.map((e) => [e.expertId, e.reason])),
    cooldownAfter:
      draw.sameTendereeCooldownDays > 0 ? addDays(draw.evaluationDate, -draw.sameTendereeCooldownDays) : null,
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Calendar arithmetic on 'YYYY-MM-DD' (no time zone involved: the dates are already China dates). */
export function addDays(date: string, days: number): string {
  const m = DATE.exec(date);
  if (!m) throw new Error(`Not a YYYY-MM-DD date: ${date}`);
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return utc.toISOString().slice(0, 10);
}
