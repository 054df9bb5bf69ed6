import type { Rule } from '../../../platform/rules/index.js';
import { seqsOf, type Finding } from './finding.js';
import type { ScreenSettings } from './settings.js';

/** One member's total for one bid, in hundredths of a point (their own scores plus the price score). */
export interface MemberTotal {
  memberId: string;
  /** The expert's (or representative's) name, for the alert. */
  name: string;
  totalHundredths: number;
}

export interface ScoredBid {
  bidId: string;
  bidderName: string;
  members: MemberTotal[];
}

/** A concluded evaluation's score sheets as totals per bid and member (the supervisor's view of the room). */
export interface CommitteeScoresFacts {
  sectionId: string;
  evaluationId: string;
  /** The evaluation.concluded event. */
  seq: number;
  bids: ScoredBid[];
}

/** Fewer totals than this and "the committee's mean" is one other member: no measure of an outlier. */
const LEAST_MEMBERS = 3;

const points = (hundredths: number) => (hundredths / 100).toFixed(2);

/**
 * expert-deviation: a member whose total for a bid is off the committee's mean for that bid by more than
 * `expertDeviationBp` of the mean (畸高/畸低, GP87 Art.64), judged by the supervision department's own
 * share, whatever the tender's plan flagged in the room. The mean stays the exact fraction sum / n:
 * |total − sum/n| > bp/10 000 × sum/n ⇔ |total × n − sum| × 10 000 > bp × sum, so a total exactly at the
 * share passes. A warning per (member, bid): the supervisor reads the member's reasons.
 */
export const expertDeviation: Rule<
  CommitteeScoresFacts,
  Finding,
  Pick<ScreenSettings, 'expertDeviationBp'>
> = ({ sectionId, evaluationId, seq, bids }, { expertDeviationBp }) =>
  bids.flatMap((bid) => {
    const n = BigInt(bid.members.length);
    if (bid.members.length < LEAST_MEMBERS) return [];
    const sum = bid.members.reduce((s, m) => s + BigInt(m.totalHundredths), 0n);
    if (sum <= 0n) return [];
    const mean = Number(sum) / bid.members.length;
    return bid.members
      .filter((m) => {
        const offset = BigInt(m.totalHundredths) * n - sum;
        return (offset < 0n ? -offset : offset) * 10_000n > BigInt(expertDeviationBp) * sum;
      })
      .map((m): Finding => ({
        indicator: 'expert-deviation',
        severity: 'warning',
        sectionId,
        identity: `${evaluationId}:${m.memberId}:${bid.bidId}`,
        summary:
          `${m.name}'s total for ${bid.bidderName}'s bid, ${points(m.totalHundredths)}, is ` +
          `${((Math.abs(m.totalHundredths - mean) / mean) * 100).toFixed(1)} % off the committee's mean ` +
          `${points(Math.round(mean))}`,
        seqs: seqsOf([seq]),
        details: {
          evaluationId,
          memberId: m.memberId,
          memberName: m.name,
          bidId: bid.bidId,
          bidderName: bid.bidderName,
          totalHundredths: m.totalHundredths,
          meanHundredths: Math.round(mean),
          thresholdBp: expertDeviationBp,
        },
      }));
  });
