import { defineModule } from '../../platform/modules/contract.js';
import { drawRoutes } from './draw-routes.js';
import { initDrawModels } from './draw-models.js';
import { initExpertModels } from './models.js';
import { createExpertModule, type ExpertModule } from './module.js';
import { expertRoutes } from './routes.js';

/** The unified expert pool (专家库) and the verifiable random draw (随机抽取). */
export const expertsModule = defineModule({
  name: 'experts',
  models: (sequelize) => ({ ...initExpertModels(sequelize), ...initDrawModels(sequelize) }),
  create: ({ config, db, audit, clock, events, log }, models, { identity, tenders }) =>
    createExpertModule(models, {
      db,
      audit,
      clock,
      events,
      log,
      identity,
      tenders,
      keysDir: config.KEYS_DIR,
      settings: {
        minCreditScore: config.EXPERT_MIN_CREDIT,
        sameTendereeCooldownDays: config.EXPERT_COOLDOWN_DAYS,
        respondMinutes: config.EXPERT_RESPOND_MINUTES,
      },
    }),
  routes: (experts, { config }) => [
    ...expertRoutes(experts, { importMaxKb: config.EXPERT_IMPORT_MAX_KB }),
    ...drawRoutes(experts),
  ],
  tasks: (experts) => [{ name: 'expire-draw-invitations', run: () => experts.answers.expireDue() }],
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    experts: ExpertModule;
  }
}

// What other modules may use of this one: the committee port (platform.experts.forEvaluation).
export type { AnnouncedCommittee, CommitteeExpert, ExpertCommittee, RecusalOptions } from './committee.js';
