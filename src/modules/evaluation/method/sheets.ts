import { toHundredths } from './rounding.js';
import { isTypedScore, type Criterion, type SheetProblem } from './types.js';

/*
 * Score sheets (docs/domain.md §5, PB Art.32-37): a member scores every subjective and objective criterion of a
 * bid, in whole hundredths within 0..full marks; the price criterion is computed by the formula, never typed.
 */

export type Scores = Readonly<Record<string, number>>;

/** A score sheet against the plan's criteria; none means the sheet can be signed and stored. */
export function scoreSheetProblems(scores: Scores, criteria: readonly Criterion[]): SheetProblem[] {
  const problems: SheetProblem[] = [];
  const typed = criteria.filter(isTypedScore);
  for (const c of typed) {
    const score = scores[c.key];
    if (score === undefined) problems.push({ code: 'CRITERION_MISSING', criterionKey: c.key });
    else if (!Number.isSafeInteger(score))
      problems.push({ code: 'SCORE_NOT_HUNDREDTHS', criterionKey: c.key });
    else if (score < 0 || score > toHundredths(c.points)) {
      problems.push({ code: 'SCORE_OUT_OF_RANGE', criterionKey: c.key });
    }
  }
  for (const key of Object.keys(scores)) {
    if (typed.some((c) => c.key === key)) continue;
    const price = criteria.some((c) => c.key === key && c.group === 'price');
    problems.push({ code: price ? 'PRICE_SCORE_TYPED' : 'CRITERION_UNKNOWN', criterionKey: key });
  }
  return problems;
}

export interface Disagreement {
  criterionKey: string;
  /** The distinct values given, ascending; who gave which is not said. */
  values: number[];
}

/**
 * Objective criteria on which the members' sheets for one bid differ. Objective scores follow from facts in the
 * bid, so a difference is an error one side must correct (GP87 Art.64: inconsistent objective scores); the
 * leader sees the values, not who gave them, so nobody is pressed on a subjective judgment.
 */
export function objectiveDisagreements(
  sheets: readonly Scores[],
  criteria: readonly Criterion[],
): Disagreement[] {
  const disagreements: Disagreement[] = [];
  for (const c of criteria) {
    if (c.kind !== 'objective' || c.group === 'price') continue;
    const values = new Set<number>();
    for (const scores of sheets) {
      const v = scores[c.key];
      if (v !== undefined) values.add(v);
    }
    if (values.size > 1)
      disagreements.push({ criterionKey: c.key, values: [...values].sort((a, b) => a - b) });
  }
  return disagreements;
}
