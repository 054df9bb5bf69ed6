import type { Outcome } from './models.js';

/**
 * The opening's domain events (docs: /work/notes/opening-contract.md), published after their transaction
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
  }
}

export {};
