import type { Outcome } from './models.js';

/**
 * The opening's domain events (their contract: docs/design.md §14), published after their transaction
 * commits; the opening hall relays them. None carries a price: prices are in the record only.
 */
declare module '../../platform/events.js' {
  interface DomainEvents {
    'opening.started': { tenderId: string };
    'opening.share-released': { tenderId: string; position: number };
    'opening.share-wrong': { tenderId: string; position: number; bidId: string };
    'opening.bid-settled': { tenderId: string; sectionId: string; bidId: string; outcome: Outcome };
    'opening.section-failed': { tenderId: string; sectionId: string };
    'opening.record-published': { tenderId: string; sectionId: string };
    'opening.completed': { tenderId: string; status: 'evaluating' | 'failed' };
    /** A bidder decrypted its own bid (EB Art.30): its content key handed over; the envelope has its address. */
    'opening.bidder-key-submitted': { tenderId: string; bidId: string; partyId: string; valid: boolean };
  }
}

export {};
