import type { Rule } from '../../../platform/rules/index.js';
import { biddersOf, namesOf, seqsOf, yuan, type Finding, type SectionPrices } from './finding.js';

export interface EvaluationOutcomeFacts {
  prices: SectionPrices;
  /** The bids the committee named as candidates, in rank order (evaluation.concluded). */
  candidates: string[];
  /** The evaluation.concluded event. */
  seq: number;
}

/**
 * lowest-rejected: what the committee made of the opened prices once it concluded.
 * - the lowest price is not among the candidates (R036: the lowest bid disqualified), a warning: a scoring
 *   method may rank it lower lawfully, a supervisor checks the reasons;
 * - one candidate left of two or more opened bids (R035: all but the winner disqualified), critical.
 */
export const lowestRejected: Rule<EvaluationOutcomeFacts, Finding, unknown> = ({
  prices,
  candidates,
  seq,
}) => {
  const bids = prices.bids;
  if (bids.length < 2 || candidates.length === 0) return [];
  const findings: Finding[] = [];
  const lowest = Math.min(...bids.map((b) => b.priceFen));
  const lowestBids = bids.filter((b) => b.priceFen === lowest);
  if (!lowestBids.some((b) => candidates.includes(b.bidId))) {
    findings.push({
      indicator: 'lowest-rejected',
      severity: 'warning',
      sectionId: prices.sectionId,
      identity: `lowest:${prices.sectionId}`,
      summary: `The lowest price ${yuan(lowest)} (${namesOf(biddersOf(lowestBids))}) is not among the candidates`,
      seqs: seqsOf([prices.recordSeq, seq, ...lowestBids.map((b) => b.seq)]),
      details: { kind: 'lowest', lowestFen: lowest, bidIds: lowestBids.map((b) => b.bidId), candidates },
    });
  }
  if (candidates.length === 1) {
    findings.push({
      indicator: 'lowest-rejected',
      severity: 'critical',
      sectionId: prices.sectionId,
      identity: `all-but-winner:${prices.sectionId}`,
      summary: `Every opened bid but one was disqualified: ${bids.length - 1} of ${bids.length}`,
      seqs: seqsOf([prices.recordSeq, seq]),
      details: { kind: 'all-but-winner', opened: bids.length, candidates },
    });
  }
  return findings;
};
