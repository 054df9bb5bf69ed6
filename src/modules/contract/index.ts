import { defineModule } from '../../platform/modules/contract.js';
import './events.js';
import { ContractService } from './service.js';

/** The contract (合同, ZB Art.46, SS Art.57), the deposits' return and the performance (履约) of awarded sections. */
export const contractModule = defineModule({
  name: 'contract',
  create: () => new ContractService(),
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    contract: ContractService;
  }
}

export type { ContractService } from './service.js';
