import type { Readable } from 'node:stream';
import type { Transaction } from 'sequelize';

/** A bid's current version as the bids module holds it: what the opening freezes at the deadline. */
export interface SubmittedBid {
  bidId: string;
  tenderId: string;
  sectionId: string;
  bidderPartyId: string;
  version: number;
  /** The sealed header's canonical JSON as it was submitted. */
  headerJson: string;
  /** SHA-256 of the sealed file as stored (the receipt's ciphertextSha256), its blob's name. */
  ciphertextSha256: string;
  size: number;
  receivedAt: Date;
}

/**
 * What the opening needs from the bids module (implemented in src/modules/bids/opening-access.ts), so this
 * module never reads the bids tables itself.
 */
export interface BidSource {
  /** Bids of the tender that are submitted, not withdrawn, in their current version. */
  submittedBids(tenderId: string, t?: Transaction): Promise<SubmittedBid[]>;
  /** The bid's owner, for the bidder's own routes; undefined when there is no such bid. */
  bidOwner(bidId: string): Promise<{ tenderId: string; bidderPartyId: string } | undefined>;
  /** The stored sealed file; rejects when the blob is missing. */
  openSealed(ciphertextSha256: string): Promise<Readable>;
}
