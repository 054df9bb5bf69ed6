import type { NoticesService } from '../publication/index.js';
import type { OpenDataService } from '../open-data/index.js';
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

/** What the opening uses of the open-data module. */
export type OpenDataPort = Pick<OpenDataService, 'releaseBids'>;
