import type { CertificatesService } from '../certificates/index.js';
import type { PartiesService } from '../parties/index.js';
import type { TendersService } from '../tenders/index.js';

/*
 * The ports of this module: what it uses of other modules, and nothing more. The providers' index.ts hand
 * their services over in src/modules/index.ts order; this module names only the methods it calls.
 */

/** What the bids module uses of the tenders module. */
export type TendersPort = Pick<TendersService, 'biddingTerms' | 'lockBidding'>;

/** What the bids module uses of the parties module. */
export type PartiesPort = Pick<PartiesService, 'find' | 'findMany'>;

/** What the bids module uses of the certificates module. */
export type CertificatesPort = Pick<CertificatesService, 'get' | 'verify'>;

/** A blacklisting (失信惩戒) in effect, as the refusal names it. */
export interface CreditBarring {
  recordId: string;
  kind: string;
  kindName: string;
  basis: string;
  validUntil: string | null;
}

/**
 * What the bids module asks the credit module (listed after it, so src/modules/credit/index.ts fills this
 * port through `setCreditCheck`): whether a party is barred from bidding now.
 */
export interface CreditCheckPort {
  barring(partyId: string): Promise<CreditBarring | null>;
}
