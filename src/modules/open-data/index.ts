import { defineModule } from '../../platform/modules/contract.js';
import { initOpenDataModels } from './models.js';
import { openDataRoutes } from './routes.js';
import { OpenDataService } from './service.js';

/** The OCDS 1.1 open-data export of every tender. */
export const openDataModule = defineModule({
  name: 'openData',
  models: initOpenDataModels,
  create: ({ config, events, clock }, models, modules) => {
    const openData = new OpenDataService(models, {
      events,
      tenders: modules.tenders,
      clock,
      publicUrl: config.PUBLIC_URL,
      publisherName: config.PLATFORM_NAME,
      ocdsPrefix: config.OCDS_PREFIX,
      // Built after this module (they stand on it); read only when an award event is handled.
      postBid: {
        award: () => modules.award,
        contract: () => modules.contract,
        opening: () => modules.opening,
      },
    });
    openData.subscribe();
    return openData;
  },
  routes: (openData) => openDataRoutes(openData),
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    openData: OpenDataService;
  }
}

// What other modules may use of this one (they import nothing else from this folder).
export type { OpenDataService } from './service.js';
