import type { Transaction } from 'sequelize';

/*
 * The ports of this module: what it uses of other modules, and nothing more. index.ts fills them from the
 * modules listed before credit in src/modules/index.ts.
 */

/** A party's name and USCC, and the parties matching a name or USCC (the public query). */
export interface PartiesPort {
  find(
    id: string,
    t?: Transaction,
  ): Promise<{ id: string; name: string; uscc: string; status: string } | null>;
  search(q: string, limit: number): Promise<{ id: string; name: string; uscc: string }[]>;
  byUscc(uscc: string): Promise<{ id: string; name: string; uscc: string; status: string } | null>;
}

/** The bid's bidder (the opening's settled events name bids by id only). */
export interface BidsPort {
  bidOwner(bidId: string): Promise<{ tenderId: string; bidderPartyId: string } | undefined>;
}

/** The bidders a resolved supervision alert names (its finding's evidence). */
export interface AlertsPort {
  alertBidders(alertId: string, t?: Transaction): Promise<{ indicator: string; partyIds: string[] } | null>;
}

/** An expert's name and login (the expert objects to its own records). */
export interface ExpertsPort {
  expert(id: string, t?: Transaction): Promise<{ id: string; name: string; userId: string | null } | null>;
}
