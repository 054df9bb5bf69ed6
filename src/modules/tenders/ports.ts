import type { CertificatesService } from '../certificates/index.js';
import type { IdentityService } from '../identity/index.js';
import type { PartiesService } from '../parties/index.js';

/*
 * The ports of this module: what it uses of other modules, and nothing more. The providers' index.ts hand
 * their services over in src/modules/index.ts order; this module names only the methods it calls.
 */

/** What the tenders module uses of the parties module. */
export type PartiesPort = Pick<PartiesService, 'find'>;

/** What the tenders module uses of the identity module. */
export type IdentityPort = Pick<IdentityService, 'findUser'>;

/** What the tenders module uses of the certificates module. */
export type CertificatesPort = Pick<CertificatesService, 'activeCertificate' | 'curveKeys'>;
