import { defineModule } from '../../platform/modules/contract.js';
import './events.js';
import { EvaluationGateway } from './gateway.js';
import { initEvaluationModels } from './models.js';
import { initReportModels } from './report/models.js';
import { evaluationRoutes } from './routes.js';
import { createEvaluationModule, type EvaluationModule } from './service.js';

/** The remote evaluation (远程异地评标): the committee, its steps, signed sheets and the live room. */
export const evaluationModule = defineModule({
  name: 'evaluation',
  models: (sequelize) => ({ ...initEvaluationModels(sequelize), ...initReportModels(sequelize) }),
  create: ({ config, db, audit, clock, events, log, jobs, keys }, models, m) =>
    createEvaluationModule(models, {
      db,
      audit,
      clock,
      events,
      log,
      tenders: m.tenders,
      certificates: m.certificates,
      identity: m.identity,
      experts: m.experts.forEvaluation,
      opening: m.opening,
      trustProxy: config.TRUST_PROXY,
      jobs,
      rootCertPem: keys.rootCertPem,
      reportSigningHours: config.REPORT_SIGNING_HOURS,
    }),
  routes: (evaluation) => evaluationRoutes(evaluation.service),
  sockets: (evaluation, realtime) => {
    new EvaluationGateway(realtime, {
      service: evaluation.service,
      log: evaluation.log,
      trustProxy: evaluation.trustProxy,
    });
  },
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    evaluation: EvaluationModule;
  }
}

// What other modules may use of this one (they import nothing else from this folder).
export type { EvaluationStep } from './models.js';
export type { CompletedReport } from './report/reports.js';
export type { RankingRow } from './ranking.js';
