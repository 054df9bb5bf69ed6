import { request } from '../../api.js';

/** The contract module's API (src/modules/contract/routes.ts), as the tender page and #/contracts use it. */
export type ContractStatus = 'signed' | 'performance' | 'accepted' | 'terminated';
export type FaultOf = 'supplier' | 'purchaser' | 'none';

export interface PerformanceRecord {
  id: string;
  kind: 'milestone' | 'payment' | 'change';
  description: string;
  plannedAt: string | null;
  actualAt: string | null;
  amountFen: number | null;
  at: string;
}

export interface DepositReturn {
  bidderPartyId: string;
  bidderName: string;
  amountFen: number;
  returnedAt: string;
  late: boolean;
}

export interface Contract {
  id: string;
  status: ContractStatus;
  supplierName: string;
  priceFen: number;
  subject: string;
  quality: string;
  paymentMethod: string;
  startsOn: string;
  dueAt: string;
  signedAt: string;
  late: boolean;
  acceptedAt: string | null;
  onTime: boolean | null;
  terminatedAt: string | null;
  endReason: string | null;
  faultOf: FaultOf | null;
  /** Only for the tender's runners, supervisors and the supplier. */
  performance: {
    records: PerformanceRecord[];
    amountFen: number;
    paidFen: number;
    deposits: DepositReturn[];
    depositDeadlineAt: string;
    depositsMissing: { partyId: string; name: string }[];
  } | null;
}

export interface SectionContract {
  sectionId: string;
  sectionCode: string;
  sectionName: string;
  depositFen: number;
  award: {
    supplierName: string;
    supplierPartyId: string;
    priceFen: number;
    noticeAt: string;
    deadlineAt: string;
  } | null;
  refusal: { reason: string; at: string } | null;
  contract: Contract | null;
  bidders: { partyId: string; name: string }[];
}

export interface MyContract extends Contract {
  tenderId: string;
  tenderTitle: string;
  sectionCode: string;
  sectionName: string;
}

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
    request<{ sections: SectionContract[] }>('GET', `/tenders/${tenderId}/contracts`),
  mine: () => request<{ items: MyContract[] }>('GET', '/contracts/mine'),
  post: (tenderId: string, sectionId: string, step: Step, body: object) =>
    request<unknown>('POST', `/tenders/${tenderId}/sections/${sectionId}/${step}`, body),
};
