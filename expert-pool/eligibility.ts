import { firstViolation, prepareContext } from './rules/index.js';
import type { DrawContext, EligibilityResult, ExcludedExpert, PoolExpert } from './types.js';

/**
 * Applies every avoidance rule to every expert. An excluded expert appears once, under the first rule (in
 * `avoidanceRules` order) that excludes them. Linear in the pool: the context's lists become sets once.
 */
export function eligibility(experts: readonly PoolExpert[], ctx: DrawContext): EligibilityResult {
  const prepared = prepareContext(ctx);
  const eligible: PoolExpert[] = [];
  const excluded: ExcludedExpert[] = [];
  for (const expert of experts) {
    const violation = firstViolation(expert, prepared);
    if (violation) excluded.push({ expertId: expert.id, rule: violation.rule, reason: violation.reason });
    else eligible.push(expert);
  }
  return { eligible, excluded };
}
