import { defineModule } from '../../platform/modules/contract.js';
import { complaintRoutes } from './complaints/index.js';
import { dashboardRoutes, dashboardSockets } from './dashboard/index.js';
import { digestRoutes } from './digest/index.js';
import { initSupervisionModels } from './models.js';
import { createSupervision, type SupervisionModule } from './module.js';
import { instructionRoutes } from './instructions/index.js';
import { supervisionRoutes } from './routes.js';
import { timelineRoutes } from './timeline/routes.js';

/** Supervision (监督): red-flag screens over the event stream, and the supervisors' alert workflow. */
export const supervisionModule = defineModule({
  name: 'supervision',
  models: initSupervisionModels,
  create: ({ db, audit, clock, events, blobs, log, jobs }, models, m) =>
    createSupervision(models, {
      db,
      audit,
      clock,
      events,
      bids: m.bids.reads,
      opening: m.opening.reads,
      opened: m.opening.opened,
      evaluation: m.evaluation.service,
      tenders: m.tenders,
      blobs,
      log,
      parties: m.parties,
      jobs,
      watch: {
        tenders: m.tenders,
        parties: m.parties,
        evaluation: m.evaluation.service,
        notices: m.notices,
      },
      instructionSources: { tenders: m.tenders, notices: m.notices, evaluation: m.evaluation.service },
    }),
  // Each part of supervision adds its routes here (alerts, instructions, complaints, the dashboard…).
  routes: (supervision, kernel, m) => [
    ...supervisionRoutes(supervision.alerts),
    ...dashboardRoutes(supervision.dashboard),
    ...complaintRoutes(supervision.complaints),
    ...timelineRoutes(kernel, m),
    ...digestRoutes(supervision.digests),
    ...instructionRoutes(supervision.instructions),
  ],
  // The daily digest's first job, scheduled once per process and day (each digest schedules the next).
  tasks: (supervision) => [
    { name: 'supervision-digest-schedule', run: () => supervision.digests.ensureScheduled() },
  ],
  // `/supervision`: the dashboard's live pushes to supervisors.
  sockets: (supervision, realtime) => {
    dashboardSockets(supervision.dashboard, realtime);
  },
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    supervision: SupervisionModule;
  }
}

// What other modules may use of this one (they import nothing else from this folder).
export type { SupervisionModule } from './module.js';
export { SCREENS_CONSUMER } from './screener.js';
