import type { Rule } from '../../../platform/rules/index.js';
import { seqsOf, type Bidder, type Finding } from './finding.js';
import type { ScreenSettings } from './settings.js';

/** A bidder's record across every concluded evaluation: bids evaluated, and how many ranked first. */
export interface BidderRecord {
  bidder: Bidder;
  bids: number;
  wins: number;
}

export interface WinRateFacts {
  sectionId: string;
  /** The evaluation.concluded event that added this section to the history. */
  seq: number;
  /** Every bidder's record, this section included. */
  history: BidderRecord[];
  /** The party ids that bid in this section: the findings are theirs. */
  bidders: string[];
}

/** The p-quantile of sorted values, interpolated linearly between neighbours (Excel's QUARTILE.INC). */
export function quantile(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

const percent = (r: number) => `${(r * 100).toFixed(1)} %`;

/**
 * win-rate (R025): a bidder of this section whose share of wins across all concluded evaluations lies
 * outside Q1 − 1.5·IQR … Q3 + 1.5·IQR of the bidders' shares. Only bidders with at least `winRateMinBids`
 * bids count, and only when at least `winRateMinBidders` of them do: a handful of records is no
 * distribution. Winning far more often than the others is a warning (a ring rotating its wins, an insider);
 * losing far more often is info (a cover bidder making up the numbers). A rate exactly on a fence passes.
 */
export const winRate: Rule<
  WinRateFacts,
  Finding,
  Pick<ScreenSettings, 'winRateMinBidders' | 'winRateMinBids'>
> = ({ sectionId, seq, history, bidders }, { winRateMinBidders, winRateMinBids }) => {
  const counted = history.filter((r) => r.bids >= winRateMinBids && r.bids > 0);
  if (counted.length < winRateMinBidders) return [];
  const rates = counted.map((r) => r.wins / r.bids).sort((a, b) => a - b);
  const q1 = quantile(rates, 0.25);
  const q3 = quantile(rates, 0.75);
  const iqr = q3 - q1;
  const low = q1 - 1.5 * iqr;
  const high = q3 + 1.5 * iqr;
  const ours = new Set(bidders);
  return counted
    .filter((r) => ours.has(r.bidder.partyId))
    .sort((a, b) => a.bidder.partyId.localeCompare(b.bidder.partyId))
    .flatMap((r): Finding[] => {
      const rate = r.wins / r.bids;
      const side = rate > high ? 'high' : rate < low ? 'low' : null;
      if (!side) return [];
      return [
        {
          indicator: 'win-rate',
          severity: side === 'high' ? 'warning' : 'info',
          sectionId,
          identity: `${r.bidder.partyId}:${side}`,
          summary:
            `${r.bidder.name || r.bidder.partyId} won ${r.wins} of ${r.bids} bids (${percent(rate)}), ` +
            `${side === 'high' ? 'above' : 'below'} the usual range ${percent(Math.max(low, 0))} – ` +
            `${percent(Math.min(high, 1))} of ${counted.length} bidders`,
          seqs: seqsOf([seq]),
          details: {
            side,
            bidder: r.bidder,
            wins: r.wins,
            bids: r.bids,
            q1,
            q3,
            low,
            high,
            population: counted.length,
          },
        },
      ];
    });
};
