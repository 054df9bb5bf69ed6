/**
 * Bids as domain events, published after commit. They name who bid, so they are for supervision and the
 * opening only: nothing that reaches the public may count them before the opening (EB Art.21, 27).
 */
export interface BidEvent {
  bidId: string;
  tenderId: string;
  sectionId: string;
  bidderPartyId: string;
  version: number;
  at: string;
}

declare module '../../platform/events.js' {
  interface DomainEvents {
    'bid.submitted': BidEvent & { ciphertextSha256: string; size: number };
    'bid.replaced': BidEvent & { ciphertextSha256: string; size: number };
    'bid.withdrawn': BidEvent;
  }
}
