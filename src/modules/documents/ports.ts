import type { PartiesService } from '../parties/index.js';
import type { TendersService } from '../tenders/index.js';

/*
 * The ports of this module: what it uses of other modules, and nothing more. The providers' index.ts hand
 * their services over in src/modules/index.ts order; this module names only the methods it calls.
 */

/** What the documents module uses of the tenders module. */
export type TendersPort = Pick<
  TendersService,
  'amendmentIssued' | 'event' | 'findVisible' | 'holds' | 'lockManaged'
>;

/** What the documents module uses of the parties module. */
export type PartiesPort = Pick<PartiesService, 'find'>;
