import { defineModule } from '../../platform/modules/contract.js';
import { initPartyModels } from './models.js';
import { partyRoutes } from './routes.js';
import { PartiesService } from './service.js';

/** Market entities (市场主体) and their staff. */
export const partiesModule = defineModule({
  name: 'parties',
  models: initPartyModels,
  create: ({ db, audit, clock, events }, models, { identity }) =>
    new PartiesService(models, { db, audit, clock, events, identity }),
  routes: (parties, { config, cluster }) =>
    partyRoutes(parties, config.REGISTRATIONS_PER_HOUR, cluster.rateLimitStore('registrations')),
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    parties: PartiesService;
  }
}

// What other modules may use of this one (they import nothing else from this folder).
export type { Party } from './models.js';
export type { PartiesService } from './service.js';
