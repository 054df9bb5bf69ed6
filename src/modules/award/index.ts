import { defineModule } from '../../platform/modules/contract.js';
import { initAwardModels } from './models.js';
import { ReportIntake } from './reports.js';
import { awardRoutes } from './routes.js';
import { AwardService } from './service.js';

/** Candidate publicity (中标候选人公示) and the award (定标, 中标通知书) of each evaluated section. */
export const awardModule = defineModule({
  name: 'award',
  models: initAwardModels,
  create: ({ db, audit, clock, events, keys }, models, m) => {
    const opening = m.opening;
    new ReportIntake(models, { events, reports: m.evaluation.service, opening }).subscribe();
    const service = new AwardService(models, {
      db,
      audit,
      clock,
      events,
      signer: keys.signer,
      tenders: m.tenders,
      opening,
      notices: m.notices,
    });
    service.subscribe();
    return service;
  },
  routes: (award) => awardRoutes(award, award.certificatePem),
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    award: AwardService;
  }
}

// What other modules may use of this one (they import nothing else from this folder).
export type { AwardFacts, AwardService } from './service.js';
export { PASS_OVER_GROUNDS, type PassOverGround } from './grounds.js';
