import type { Transaction } from 'sequelize';
import type { AwardService } from '../award/index.js';
import type { EvaluationBid as OpenedBid } from '../opening/index.js';
import type { NoticesService } from '../publication/index.js';
import type { TendersService } from '../tenders/index.js';

/*
 * The ports of this module: what it uses of other modules, and nothing more (src/modules/index.ts order).
 */

/** The tender under its lock (owner, supervisor's hold), its lifecycle transitions and reads. */
export type TendersPort = Pick<
  TendersService,
  'find' | 'view' | 'findVisible' | 'lockManaged' | 'transition'
>;

/** The award module: a section's confirmed award (the winner, its price, the notice's time). */
export type AwardPort = Pick<AwardService, 'awardFor'>;

/** The opening module: the bids a section's evaluation reviewed, whose deposits come back (SS Art.57). */
export interface OpeningPort {
  bidsForEvaluation(tenderId: string, sectionId: string, t?: Transaction): Promise<OpenedBid[]>;
}

/** The notices module: the 合同公告, in this module's transaction. */
export type NoticesPort = Pick<NoticesService, 'announceContract'>;
