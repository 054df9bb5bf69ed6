// The evaluation's arithmetic (docs/domain.md §4-§5): pure functions over integers, no database.
export type {
  Criterion,
  CriterionGroup,
  CriterionKind,
  PriceFormula,
  PricedBid,
  SheetProblem,
} from './types.js';
export { isTypedScore } from './types.js';
export { divideHalfUp, formatHundredths, meanHalfUp, toHundredths } from './rounding.js';
export { benchmarkBase, priceScores } from './price-score.js';
export {
  majorityPasses,
  memberPasses,
  reviewOutcomes,
  reviewSheetProblems,
  type ReviewSheet,
  type Verdict,
  type Verdicts,
} from './review.js';
export { objectiveDisagreements, scoreSheetProblems, type Disagreement, type Scores } from './sheets.js';
export {
  candidates,
  memberTotal,
  rankComprehensive,
  rankLowestPrice,
  technicalSubtotal,
  type RankableBid,
  type RankedBid,
  type ScoredBid,
} from './ranking.js';
export { deviations, type Deviation, type MemberTotal } from './deviation.js';
export { priceFlags, type PriceFlag, type PriceFlagCode, type PriceLimits } from './abnormal-price.js';
export { extensionDue } from './extension.js';
