import { defineModule } from '../../platform/modules/contract.js';
import { initCertificateModels } from './models.js';
import { certificateRoutes } from './routes.js';
import { CertificatesService } from './service.js';

/** The platform CA: certificates from CSRs, revocation. */
export const certificatesModule = defineModule({
  name: 'certificates',
  models: initCertificateModels,
  create: ({ db, audit, clock, events, keys }, models, { parties }) =>
    new CertificatesService(models, { db, audit, clock, events, keys, parties }),
  routes: (certificates, { keys }) => certificateRoutes(certificates, keys),
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    certificates: CertificatesService;
  }
}

// What other modules may use of this one (they import nothing else from this folder).
export type { CertificatesService } from './service.js';
