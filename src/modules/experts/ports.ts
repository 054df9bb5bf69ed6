import type { IdentityService } from '../identity/index.js';
import type { TendersService } from '../tenders/index.js';

/*
 * The ports of this module: what it uses of other modules, and nothing more. The providers' index.ts hand
 * their services over in src/modules/index.ts order; this module names only the methods it calls.
 */

/** What the expert pool uses of the identity module. */
export type IdentityPort = Pick<IdentityService, 'findUser'>;

/** What the expert pool uses of the tenders module. */
export type TendersPort = Pick<TendersService, 'find' | 'holds' | 'view'>;

/**
 * What the draw asks the credit module (listed after experts, so src/modules/credit/index.ts fills this port
 * through `draws.setCreditCheck`): the experts barred now, each with the record that bars it.
 */
export interface CreditDrawPort {
  barredExperts(): Promise<
    { expertId: string; barring: { recordId: string; kindName: string; validUntil: string | null } }[]
  >;
}
