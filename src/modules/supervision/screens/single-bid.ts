import type { Rule } from '../../../platform/rules/index.js';
import { seqsOf, type Finding } from './finding.js';

/** How many bids a section's opening counted: received at the deadline (a failed section) or opened. */
export interface BidCountFacts {
  sectionId: string;
  stage: 'received' | 'opened';
  count: number;
  /** The event that told it (opening.section-failed, opening.record-published). */
  seq: number;
}

/** Fewer valid bids than this and a tender has no competition to speak of (ZB Art.28: at least 3). */
const LEAST_COMPETITION = 3;

/**
 * single-bid: a section with exactly one bid (R018, critical), or fewer than three valid ones (warning): at
 * the opening, the bids received when the section failed for want of bids, or the bids opened when its
 * record was published. A section with no bid at all had nobody to collude: no finding.
 */
export const singleBid: Rule<BidCountFacts, Finding, unknown> = ({ sectionId, stage, count, seq }) => {
  const none = stage === 'received' && count === 0;
  if (none || count >= LEAST_COMPETITION) return [];
  const what = stage === 'received' ? 'received' : 'opened';
  return [
    {
      indicator: 'single-bid',
      severity: count === 1 ? 'critical' : 'warning',
      sectionId,
      identity: sectionId,
      summary:
        count === 1
          ? `A single bid was ${what} for the section`
          : `Only ${count} bids ${what} for the section, fewer than ${LEAST_COMPETITION}`,
      seqs: seqsOf([seq]),
      details: { stage, count },
    },
  ];
};
