import type { Transaction } from 'sequelize';
import type { NoticesService } from '../publication/index.js';
import type { PartiesService } from '../parties/index.js';
import type { TendersService } from '../tenders/index.js';

/*
 * The ports of this module: what it uses of other modules, and nothing more. The providers' index.ts hand
 * their services over in src/modules/index.ts order; this module names only the methods it calls.
 */

/** What the opening uses of the tenders module. */
export type TendersPort = Pick<
  TendersService,
  'custodianships' | 'find' | 'findVisible' | 'holds' | 'lockForOpening' | 'transition' | 'view'
>;

/** What the opening uses of the parties module. */
export type PartiesPort = Pick<PartiesService, 'find' | 'findMany'>;

/** What the opening uses of the publication module. */
export type NoticesPort = Pick<NoticesService, 'announceFailure' | 'announceOpeningRecord'>;

/** One bid as the opening record states it, released to the open-data module (OCDS bids extension). */
export interface ReleasedBid {
  id: string;
  date: string;
  sectionCode: string;
  bidder: { name: string; uscc: string };
  outcome: 'opened' | 'revoked' | 'withdrawn';
  priceFen: number | null;
}

/**
 * What the opening uses of the open-data module, written out rather than picked from its service: the
 * open-data module reads the post-bid modules (award, contract), which stand on the opening, and a type
 * import back would close a cycle between the modules.
 */
export interface OpenDataPort {
  releaseBids(t: Transaction, tenderId: string, at: Date, bids: ReleasedBid[]): Promise<void>;
}
