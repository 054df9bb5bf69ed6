import { defineModule } from '../../platform/modules/contract.js';
import './events.js';
import { initContractModels } from './models.js';
import { contractRoutes } from './routes.js';
import { ContractService } from './service.js';

/** The contract (合同, ZB Art.46, SS Art.57), the deposits' return and the performance (履约) of awarded sections. */
export const contractModule = defineModule({
  name: 'contract',
  models: initContractModels,
  create: ({ db, audit, clock, events, jobs }, models, m) => {
    const service = new ContractService(models, {
      db,
      audit,
      clock,
      events,
      jobs,
      tenders: m.tenders,
      award: m.award,
      opening: m.opening,
      notices: m.notices,
    });
    service.subscribe();
    return service;
  },
  routes: (contracts) => contractRoutes(contracts),
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    contract: ContractService;
  }
}

// What other modules may use of this one (they import nothing else from this folder).
export type { ContractFacts, ContractService } from './service.js';
export type { ContractView, MyContractView, SectionContractState } from './views.js';
