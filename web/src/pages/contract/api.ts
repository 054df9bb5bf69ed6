import type { MyContractView, SectionContractState } from '../../../../src/contracts/index.js';
import { request } from '../../api.js';

/** The contract module's API (src/modules/contract/routes.ts), as the tender page and #/contracts use it. */
export type {
  ContractStatus,
  FaultOf,
  ContractView as Contract,
  DepositReturnView as DepositReturn,
  MyContractView as MyContract,
  PerformanceRecordView as PerformanceRecord,
  SectionContractState as SectionContract,
} from '../../../../src/contracts/index.js';

export interface SignRequest {
  supplierPartyId: string;
  priceFen: number;
  subject: string;
  quality: string;
  paymentMethod: string;
  startsOn: string;
  dueAt: string;
  signedAt?: string;
}

/** The POST steps on a section's contract, by the last part of their path. */
export type Step =
  | 'contract'
  | 'contract-refusal'
  | 'award-next'
  | 'deposit-returns'
  | 'milestones'
  | 'payments'
  | 'changes'
  | 'acceptance'
  | 'termination';

export const contractApi = {
  overview: (tenderId: string) =>
    request<{ sections: SectionContractState[] }>('GET', `/tenders/${tenderId}/contracts`),
  mine: () => request<{ items: MyContractView[] }>('GET', '/contracts/mine'),
  post: (tenderId: string, sectionId: string, step: Step, body: object) =>
    request<unknown>('POST', `/tenders/${tenderId}/sections/${sectionId}/${step}`, body),
};
