/*
 * The few plan shapes the evaluation arithmetic reads, declared here so this folder stays pure (no database,
 * no other module). They mirror the tenders module's EvaluationPlan (docs/domain.md §5); a plan from there is
 * assignable to them.
 */

export type CriterionKind = 'pass-fail' | 'subjective' | 'objective';
export type CriterionGroup = 'qualification' | 'technical' | 'commercial' | 'price';

export interface Criterion {
  key: string;
  kind: CriterionKind;
  group: CriterionGroup;
  /** Full marks in points, at most 2 decimals; 0 for pass-fail. */
  points: number;
}

/** GP87 Art.55 (lowest-price base) or the benchmark average with rates per 1 % above and below it. */
export type PriceFormula =
  | { base: 'lowest-price' }
  | { base: 'benchmark-average'; pointsPerPercentAbove: number; pointsPerPercentBelow: number };

/** A bid's price as read out at the opening: a positive whole number of fen. */
export interface PricedBid {
  bidId: string;
  priceFen: number;
}

/** One thing wrong with a sheet, with a stable code; `criterionKey` names the criterion when there is one. */
export interface SheetProblem {
  code: string;
  criterionKey?: string;
}

/** Criteria a member types a score for: subjective and objective ones, except the price (it is computed). */
export function isTypedScore(c: Criterion): boolean {
  return c.kind !== 'pass-fail' && c.group !== 'price';
}
