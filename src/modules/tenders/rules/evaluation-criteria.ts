import { hundredths, type Criterion, type EvaluationPlan } from '../evaluation-plan.js';
import type { TenderRule, Violation } from './rule.js';

/**
 * The criteria table is consistent with its method (PB Art.29-37, docs/domain.md §5): keys unique; points and
 * rates with at most two decimals (scores are kept in hundredths); pass/fail criteria are the qualification
 * group with no points, the price is objective (computed by the formula, never typed). 综合评估法: exactly one
 * price criterion, and the scored criteria's points sum to exactly 100. 经评审的最低投标价法: pass/fail
 * criteria only, plus at most one price criterion.
 */
export const FULL_POINTS = 100;

export const evaluationCriteria: TenderRule = ({ sections }) =>
  sections.flatMap((s, i) => planViolations(s.evaluationPlan, `sections.${i}.evaluationPlan`));

function planViolations(plan: EvaluationPlan, at: string): Violation[] {
  const out: Violation[] = [];
  const add = (code: string, field: string, message: string, params?: Record<string, unknown>) =>
    out.push({ code, field: `${at}.${field}`, message, ...(params && { params }) });
  const seen = new Set<string>();
  plan.criteria.forEach((c, j) => {
    if (seen.has(c.key)) add('CRITERIA_KEY_DUPLICATE', `criteria.${j}.key`, 'This key is used twice');
    seen.add(c.key);
    if (hundredths(c.points) === null)
      add('CRITERIA_POINTS_PRECISION', `criteria.${j}.points`, 'Points have at most two decimals');
    const misfit = kindMisfit(c, plan.method);
    if (misfit) add(misfit.code, `criteria.${j}.${misfit.field}`, misfit.message);
  });
  if (plan.priceFormula.base === 'benchmark-average') {
    for (const rate of ['pointsPerPercentAbove', 'pointsPerPercentBelow'] as const) {
      if (hundredths(plan.priceFormula[rate]) === null)
        add('CRITERIA_POINTS_PRECISION', `priceFormula.${rate}`, 'Rates have at most two decimals');
    }
  }
  const prices = plan.criteria.filter((c) => c.group === 'price').length;
  if (plan.method === 'comprehensive') {
    if (prices !== 1)
      add('CRITERIA_PRICE_COUNT', 'criteria', 'Comprehensive evaluation has exactly one price criterion', {
        count: prices,
      });
    // In hundredths, as integers: 33.33 + 33.33 + 33.34 is exactly 100.
    const sum = plan.criteria
      .filter((c) => c.kind !== 'pass-fail')
      .reduce((total, c) => total + Math.round(c.points * 100), 0);
    if (sum !== FULL_POINTS * 100)
      add('CRITERIA_POINTS_SUM', 'criteria', `The scored criteria's points add up to ${FULL_POINTS}`, {
        sum: sum / 100,
      });
  } else if (prices > 1) {
    add('CRITERIA_PRICE_COUNT', 'criteria', 'The lowest-price method has at most one price criterion', {
      count: prices,
    });
  }
  return out;
}

/** What is wrong with one criterion's kind and group, if anything; one finding per criterion at most. */
function kindMisfit(c: Criterion, method: EvaluationPlan['method']) {
  if (c.kind === 'pass-fail' && c.group !== 'qualification')
    return {
      code: 'CRITERION_GROUP_MISMATCH',
      field: 'group',
      message: 'Pass/fail criteria are qualification',
    };
  if (c.group === 'qualification' && c.kind !== 'pass-fail')
    return { code: 'CRITERION_GROUP_MISMATCH', field: 'kind', message: 'Qualification is judged pass/fail' };
  if (c.group === 'price' && c.kind !== 'objective')
    return { code: 'CRITERION_GROUP_MISMATCH', field: 'kind', message: 'The price is scored by its formula' };
  if (c.kind === 'pass-fail' && c.points !== 0)
    return {
      code: 'CRITERION_PASS_FAIL_POINTS',
      field: 'points',
      message: 'Pass/fail criteria have no points',
    };
  if (method === 'lowest-evaluated-price' && c.group !== 'price' && c.kind !== 'pass-fail')
    return {
      code: 'CRITERION_NOT_ALLOWED',
      field: 'kind',
      message: 'The lowest-price method judges criteria pass/fail only',
    };
  return null;
}
