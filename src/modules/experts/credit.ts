/**
 * The credit score (信用分, 0-100) from the ratings after each job (动态考核, 1117 §12):
 *
 *   credit = round(25 × (m − 1)),   m = (Σ scores + PRIOR_WEIGHT × PRIOR_SCORE) / (n + PRIOR_WEIGHT)
 *
 * i.e. a Bayesian mean of the 1-5 ratings mapped onto 0-100, shrunk towards a prior of PRIOR_WEIGHT ratings of
 * PRIOR_SCORE. A new expert starts at 75; one poor rating does not sink a record (a single 1 gives 56), a second
 * does (two 1s give 45, below the default draw threshold EXPERT_MIN_CREDIT=50); long runs of 5s approach 100.
 * Tenderee and supervisor ratings count the same.
 */
export const PRIOR_WEIGHT = 3;
export const PRIOR_SCORE = 4;

export function creditScore(scores: readonly number[]): number {
  const sum = scores.reduce((a, b) => a + b, 0);
  const mean = (sum + PRIOR_WEIGHT * PRIOR_SCORE) / (scores.length + PRIOR_WEIGHT);
  return Math.max(0, Math.min(100, Math.round(25 * (mean - 1))));
}

export const INITIAL_CREDIT = creditScore([]);
