/**
 * The contract module's views (src/modules/contract/views.ts) as the browser reads them: GET
 * /tenders/:id/contracts (one state per section) and GET /contracts/mine.
 */
export type {
  ContractView,
  DepositReturnView,
  MyContractView,
  PerformanceRecordView,
  SectionContractState,
} from '../modules/contract/views.js';
export type { ContractStatus, FaultOf } from '../modules/contract/models.js';
