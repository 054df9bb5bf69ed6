import { defineModule } from '../../platform/modules/contract.js';
import './events.js';
import { EvaluationGateway } from './gateway.js';
import { initEvaluationModels } from './models.js';
import { evaluationRoutes } from './routes.js';
import { createEvaluationModule, type EvaluationModule } from './service.js';

/** The remote evaluation (远程异地评标): the committee, its steps, signed sheets and the live room. */
export const evaluationModule = defineModule({
  name: 'evaluation',
  models: initEvaluationModels,
  create: ({ config, db, audit, clock, events, log }, models, m) =>
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
