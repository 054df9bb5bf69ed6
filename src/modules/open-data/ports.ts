import type { Transaction } from 'sequelize';
import type { AwardService } from '../award/index.js';
import type { ContractService } from '../contract/index.js';
import type { EvaluationBid } from '../opening/index.js';
import type { TendersService } from '../tenders/index.js';

/*
 * The ports of this module: what it uses of other modules, and nothing more. The providers' index.ts hand
 * their services over in src/modules/index.ts order; this module names only the methods it calls.
 */

/** What the open-data export uses of the tenders module. */
export type TendersPort = Pick<TendersService, 'view'>;

/**
 * The award module: a section's candidates as published (overview, from their publicity on) and its confirmed
 * award. The award module is built after this one (it stands on the opening, which releases bids here), so
 * the port is handed over late (`PostBidPorts`) and read only when an award event is handled.
 */
export type AwardPort = Pick<AwardService, 'overview' | 'awardFor'>;

/** The opening module: the bids a section's evaluation reviewed, with their bidders' USCC. */
export interface OpeningPort {
  bidsForEvaluation(tenderId: string, sectionId: string, t?: Transaction): Promise<EvaluationBid[]>;
}

/** The contract module: a section's signed contract with its terms (period, subject), read after the commit. */
export type ContractPort = Pick<ContractService, 'contractFor'>;

/** The post-bid ports, resolved when first used (after every module is built). */
export interface PostBidPorts {
  award(): AwardPort;
  contract(): ContractPort;
  opening(): OpeningPort;
}
