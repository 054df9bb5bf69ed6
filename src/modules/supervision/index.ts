import { defineModule } from '../../platform/modules/contract.js';
import { initSupervisionModels } from './models.js';
import { createSupervision, type SupervisionModule } from './module.js';
import { supervisionRoutes } from './routes.js';

/** Supervision (监督): red-flag screens over the event stream, and the supervisors' alert workflow. */
export const supervisionModule = defineModule({
  name: 'supervision',
  models: initSupervisionModels,
  create: ({ db, audit, clock, events }, models, m) =>
    createSupervision(models, {
      db,
      audit,
      clock,
      events,
      bids: m.bids.reads,
      opening: m.opening.reads,
      tenders: m.tenders,
    }),
  // Each part of supervision adds its routes here (alerts, instructions, complaints, the dashboard…).
  routes: (supervision) => [...supervisionRoutes(supervision.alerts)],
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    supervision: SupervisionModule;
  }
}

// What other modules may use of this one (they import nothing else from this folder).
export type { SupervisionModule } from './module.js';
export { SCREENS_CONSUMER } from './screener.js';
