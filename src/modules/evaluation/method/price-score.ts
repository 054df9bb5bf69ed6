import { divideHalfUp, fen, toHundredths, toSafeNumber } from './rounding.js';
import type { PriceFormula, PricedBid } from './types.js';

/**
 * The price score of each compliant bid, in hundredths of a point (docs/domain.md §5), from the prices of the
 * bids that remain after the review: who is "lowest" or "average" depends on them only.
 *
 * - lowest-price base (GP87 Art.55): base = the lowest price; score = base / price × full.
 * - benchmark average: base = the mean of the prices, without one highest and one lowest when there are more
 *   than 3; deviation = (price − base) / base × 100 %; score = full − |deviation| × the rate above or below the
 *   base, floored at 0.
 *
 * The base stays an exact fraction (sum / count) and each score is rounded once, half up at .005.
 */
export function priceScores(
  prices: readonly PricedBid[],
  formula: PriceFormula,
  fullHundredths: number,
): Map<string, number> {
  if (!Number.isSafeInteger(fullHundredths) || fullHundredths < 0) {
    throw new RangeError(`full marks must be whole hundredths ≥ 0, not ${fullHundredths}`);
  }
  const full = BigInt(fullHundredths);
  const fens = prices.map((p) => fen(p.priceFen));
  const scores = new Map<string, number>();
  if (prices.length === 0) return scores;

  if (formula.base === 'lowest-price') {
    const lowest = fens.reduce((a, b) => (b < a ? b : a));
    prices.forEach((p, i) => scores.set(p.bidId, toSafeNumber(divideHalfUp(lowest * full, fens[i]!))));
    return scores;
  }

  const { sum, count } = benchmarkBase(fens);
  const above = BigInt(toHundredths(formula.pointsPerPercentAbove));
  const below = BigInt(toHundredths(formula.pointsPerPercentBelow));
  prices.forEach((p, i) => {
    // price − base = (price × count − sum) / count, and |deviation %| × rate (hundredths) =
    // |price × count − sum| × 100 × rate / sum: one fraction over `sum`, rounded once.
    const offset = fens[i]! * count - sum;
    const rate = offset > 0n ? above : below;
    const magnitude = offset < 0n ? -offset : offset;
    const numerator = full * sum - magnitude * 100n * rate;
    scores.set(p.bidId, numerator <= 0n ? 0 : toSafeNumber(divideHalfUp(numerator, sum)));
  });
  return scores;
}

/** The benchmark as sum / count: one highest and one lowest left out only when more than 3 prices remain. */
export function benchmarkBase(fens: readonly bigint[]): { sum: bigint; count: bigint } {
  const sorted = [...fens].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const kept = sorted.length > 3 ? sorted.slice(1, -1) : sorted;
  return { sum: kept.reduce((a, b) => a + b, 0n), count: BigInt(kept.length) };
}
