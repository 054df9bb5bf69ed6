import type { SignedOpeningRecord } from '../opening/index.js';

/**
 * What the hall reads from the opening module about an opening in progress (the opening owns these facts;
 * the hall only shows them). Bid ids and parties are here for supervisors; the hall strips them for others.
 */
export interface BidProgress {
  bidId: string;
  bidderPartyId: string;
  /** Valid custodian shares received so far. */
  validShares: number;
  /** Custodian positions whose share for this bid was wrong. */
  wrongShares: number[];
  /** Whether the bidder sent its own content key (EB Art.30), one that checked. */
  bidderKey: boolean;
  outcome: 'opened' | 'revoked' | 'withdrawn' | null;
  reason: string | null;
}

export interface SectionProgress {
  sectionId: string;
  status: 'failed' | 'collecting' | 'published';
  bidCount: number;
  bids: BidProgress[];
  /** The signed opening record, once published (public from then on). */
  record: SignedOpeningRecord | null;
}

export interface OpeningProgress {
  startedAt: Date;
  windowEndsAt: Date;
  completedAt: Date | null;
  result: string | null;
  threshold: number;
  /** Custodian positions that released shares. */
  releasedPositions: number[];
  sections: SectionProgress[];
}

export interface OpeningProgressSource {
  /** Null until the opening started (the deadline). */
  progress(tenderId: string): Promise<OpeningProgress | null>;
}

/** Which parties have a bid in (submitted, not withdrawn): check-ins and objections are theirs only. */
export interface BidderRoster {
  submittedBids(tenderId: string): Promise<{ bidderPartyId: string }[]>;
}

/** A section's bids in an order that says nothing about who bid them: by bid id (random). */
export function numbered<T extends { bidId: string }>(bids: T[]): T[] {
  return [...bids].sort((a, b) => (a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0));
}

export type BidState = 'waiting' | 'decrypting' | 'settled';

/** Waiting for key material, decrypting (enough shares or the bidder's key), or settled with an outcome. */
export function bidState(bid: BidProgress, threshold: number): BidState {
  if (bid.outcome) return 'settled';
  return bid.validShares >= threshold || bid.bidderKey ? 'decrypting' : 'waiting';
}
