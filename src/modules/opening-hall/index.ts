import { defineModule } from '../../platform/modules/contract.js';
import { initOpeningHallModels } from './models.js';
import { createOpeningHall, type OpeningHallModule } from './module.js';
import { openingProgressSource } from './opening-source.js';
import { openingHallRoutes } from './routes.js';

/** The live opening hall (开标大厅): check-ins, objections and the opening's relayed progress. */
export const openingHallModule = defineModule({
  name: 'openingHall',
  models: initOpeningHallModels,
  create: ({ config, db, audit, clock, events, log }, models, m) =>
    createOpeningHall(models, {
      db,
      audit,
      clock,
      events,
      log,
      tenders: m.tenders,
      parties: m.parties,
      bids: m.bids.forOpening,
      opening: openingProgressSource(m.opening.reads, m.tenders, models),
      trustProxy: config.TRUST_PROXY,
    }),
  routes: (hall) => openingHallRoutes(hall),
  sockets: (hall, realtime) => {
    hall.attach(realtime);
  },
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    openingHall: OpeningHallModule;
  }
}
