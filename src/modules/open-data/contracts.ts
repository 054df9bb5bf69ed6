import { PERFORMANCE_MILESTONE_TYPE, type OcdsContractStatus } from './codelists.js';
import { USCC_SCHEME, value, type Release } from './release.js';

/** The parties of a contract as OCDS organisation references (ids by 统一社会信用代码, as in parties[]). */
export interface ContractParties {
  buyer: { name: string; uscc: string };
  supplier: { name: string; uscc: string };
}

const ref = (org: { name: string; uscc: string }) => ({ id: `${USCC_SCHEME}-${org.uscc}`, name: org.name });

/** One contract entry of a release: every entry names its award (awardID is required by the schema). */
export interface ContractEntry {
  id: string;
  awardID: string;
  [field: string]: unknown;
}

/** The signed contract (合同签订, ZB Art.46): active from its signing, at the awarded price. */
export function signedContract(c: {
  contractId: string;
  awardID: string;
  sectionName: string;
  subject: string;
  priceFen: number;
  /** The Beijing date performance starts (YYYY-MM-DD) and the instant it is due. */
  startsOn: string;
  dueAt: string;
  signedAt: string;
  late: boolean;
}): ContractEntry {
  return {
    id: c.contractId,
    awardID: c.awardID,
    title: `${c.sectionName}合同：${c.subject}`,
    // A contract signed after the 30 days of ZB Art.46 is still the contract; the delay is stated.
    ...(c.late && { description: '合同在中标通知书发出之日起30日后签订（逾期）' }),
    status: 'active' satisfies OcdsContractStatus,
    value: value(c.priceFen),
    period: { startDate: new Date(`${c.startsOn}T00:00:00+08:00`).toISOString(), endDate: c.dueAt },
    dateSigned: c.signedAt,
  };
}

/** A payment (履约付款) as an implementation transaction from the buyer to the supplier. */
export function paymentTransaction(
  p: { paymentId: string; amountFen: number; paidAt: string },
  parties: ContractParties,
) {
  return {
    id: p.paymentId,
    date: p.paidAt,
    value: value(p.amountFen),
    payer: ref(parties.buyer),
    payee: ref(parties.supplier),
  };
}

/** A performance milestone: 'met' once its actual date is recorded, 'scheduled' before (milestoneStatus). */
export function performanceMilestone(m: {
  milestoneId: string;
  description: string;
  plannedAt: string;
  actualAt: string | null;
}) {
  return {
    id: m.milestoneId,
    title: m.description,
    type: PERFORMANCE_MILESTONE_TYPE,
    dueDate: m.plannedAt,
    ...(m.actualAt ? { dateMet: m.actualAt, status: 'met' } : { status: 'scheduled' }),
  };
}

/** Sets the release's contracts[] to the given entries (the compiled release merges them by id). */
export function addContracts(release: Release, contracts: ContractEntry[]): void {
  release.contracts = JSON.parse(JSON.stringify(contracts)) as ContractEntry[];
}
