import type { IdentityService } from '../identity/index.js';

/*
 * The ports of this module: what it uses of other modules, and nothing more. The providers' index.ts hand
 * their services over in src/modules/index.ts order; this module names only the methods it calls.
 */

/** What the parties module uses of the identity module. */
export type IdentityPort = Pick<IdentityService, 'createUser'>;
