import { priceScores } from './price-score.js';
import { meanHalfUp, toHundredths } from './rounding.js';
import { isTypedScore, type Criterion, type PriceFormula } from './types.js';
import type { Scores } from './sheets.js';

/*
 * Aggregation and ranking (docs/domain.md §5): 综合评估法 ranks by the committee's mean score (PB Art.32-37),
 * 经评审的最低投标价法 by the evaluated price (PB Art.29-31); up to three ranked candidates (SS Art.53).
 */

export interface RankableBid {
  bidId: string;
  priceFen: number;
  /** When the platform received the bid (the signed receipt's time); the last, neutral tie-break. */
  receivedAt?: Date;
}

export interface ScoredBid extends RankableBid {
  /** The active members' sheets for this bid, one each (the last version). */
  sheets: readonly { memberId: string; scores: Scores }[];
}

export interface RankedBid {
  rank: number;
  bidId: string;
  priceFen: number;
  /** Hundredths; null under the lowest-price method, which has no scores. */
  priceScore: number | null;
  score: number | null;
  technicalScore: number | null;
  memberTotals: { memberId: string; totalHundredths: number }[];
  /**
   * Equal to the bid ranked just above on every rule the method names (score, price, technical score): their
   * order came from the receipt time or the bid id, and the committee may need to settle it.
   */
  tiedOnRules: boolean;
}

/** A member's total for a bid: their own typed scores plus the computed price score. */
export function memberTotal(scores: Scores, criteria: readonly Criterion[], priceScore: number): number {
  return criteria.filter(isTypedScore).reduce((sum, c) => sum + (scores[c.key] ?? 0), priceScore);
}

/** A member's technical subtotal for a bid: their scores on the technical criteria. */
export function technicalSubtotal(scores: Scores, criteria: readonly Criterion[]): number {
  return criteria
    .filter((c) => c.group === 'technical' && isTypedScore(c))
    .reduce((s, c) => s + (scores[c.key] ?? 0), 0);
}

/**
 * 综合评估法: price scores from the ranked bids' prices (the compliant ones), each bid's score the mean of its
 * members' totals (half up), ordered by score (higher first), then the lower price, then the higher technical
 * score (mean of the members' technical subtotals).
 */
export function rankComprehensive(
  bids: readonly ScoredBid[],
  criteria: readonly Criterion[],
  formula: PriceFormula,
): RankedBid[] {
  const priceCriterion = criteria.find((c) => c.group === 'price');
  const full = priceCriterion ? toHundredths(priceCriterion.points) : 0;
  const prices = priceScores(bids, formula, full);
  const rows = bids.map((bid) => {
    if (bid.sheets.length === 0) throw new RangeError(`bid ${bid.bidId} has no score sheets to rank`);
    const priceScore = prices.get(bid.bidId)!;
    const memberTotals = bid.sheets.map((s) => ({
      memberId: s.memberId,
      totalHundredths: memberTotal(s.scores, criteria, priceScore),
    }));
    return {
      bid,
      priceScore,
      score: meanHalfUp(memberTotals.map((m) => m.totalHundredths)),
      technicalScore: meanHalfUp(bid.sheets.map((s) => technicalSubtotal(s.scores, criteria))),
      memberTotals,
    };
  });
  const byRules = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
    b.score - a.score || a.bid.priceFen - b.bid.priceFen || b.technicalScore - a.technicalScore;
  rows.sort((a, b) => byRules(a, b) || neutralOrder(a.bid, b.bid));
  return rows.map((r, i) => ({
    rank: i + 1,
    bidId: r.bid.bidId,
    priceFen: r.bid.priceFen,
    priceScore: r.priceScore,
    score: r.score,
    technicalScore: r.technicalScore,
    memberTotals: r.memberTotals,
    tiedOnRules: i > 0 && byRules(rows[i - 1]!, r) === 0,
  }));
}

/** 经评审的最低投标价法: the bids that passed the review, by price, the lowest first. */
export function rankLowestPrice(bids: readonly RankableBid[]): RankedBid[] {
  const sorted = [...bids].sort((a, b) => a.priceFen - b.priceFen || neutralOrder(a, b));
  return sorted.map((bid, i) => ({
    rank: i + 1,
    bidId: bid.bidId,
    priceFen: bid.priceFen,
    priceScore: null,
    score: null,
    technicalScore: null,
    memberTotals: [],
    tiedOnRules: i > 0 && sorted[i - 1]!.priceFen === bid.priceFen,
  }));
}

/**
 * Past the method's rules the law names no order, so the ranking must still come out the same every time and
 * favour nobody: the earlier receipt first (a time fixed by the platform's signed receipt, which any bidder can
 * check, and the usual 先到 custom), then the bid id (random, so neutral) when times are equal or unknown.
 * Such rows are marked tiedOnRules for the committee to see.
 */
function neutralOrder(a: RankableBid, b: RankableBid): number {
  const byTime = a.receivedAt && b.receivedAt ? a.receivedAt.getTime() - b.receivedAt.getTime() : 0;
  return byTime || (a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0);
}

/** The result: up to three ranked candidates (SS Art.53). */
export function candidates(ranking: readonly RankedBid[]): RankedBid[] {
  return ranking.slice(0, 3);
}
