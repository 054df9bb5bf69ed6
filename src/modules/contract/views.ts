import type {
  Contract,
  ContractStatus,
  DepositReturn,
  FaultOf,
  PerformanceKind,
  PerformanceRecord,
} from './models.js';
import { depositReturnDeadline } from './rules/limits.js';

export interface PerformanceRecordView {
  id: string;
  kind: PerformanceKind;
  description: string;
  plannedAt: string | null;
  actualAt: string | null;
  amountFen: number | null;
  at: string;
}

export interface DepositReturnView {
  bidderPartyId: string;
  bidderName: string;
  amountFen: number;
  returnedAt: string;
  late: boolean;
}

export interface ContractView {
  id: string;
  status: ContractStatus;
  supplierPartyId: string;
  supplierName: string;
  priceFen: number;
  subject: string;
  quality: string;
  paymentMethod: string;
  startsOn: string;
  dueAt: string;
  signedAt: string;
  late: boolean;
  noticeId: string | null;
  acceptedAt: string | null;
  onTime: boolean | null;
  terminatedAt: string | null;
  endReason: string | null;
  faultOf: FaultOf | null;
  /** For the tender's runners, supervisors and the supplier; null for the public. */
  performance: {
    records: PerformanceRecordView[];
    /** The contract price plus the changes: what the payments may reach. */
    amountFen: number;
    paidFen: number;
    deposits: DepositReturnView[];
    /** 24:00 Beijing of the 5th day after signing (SS Art.57). */
    depositDeadlineAt: string;
    depositsMissing: { partyId: string; name: string }[];
  } | null;
}

/** A supplier's own contract on its page, with the tender and section it belongs to. */
export interface MyContractView extends ContractView {
  tenderId: string;
  tenderTitle: string;
  sectionCode: string;
  sectionName: string;
}

export interface SectionContractState {
  sectionId: string;
  sectionCode: string;
  sectionName: string;
  depositFen: number;
  award: {
    supplierName: string;
    supplierPartyId: string;
    priceFen: number;
    noticeAt: string;
    /** The last moment of the 30 days (ZB Art.46). */
    deadlineAt: string;
  } | null;
  refusal: { reason: string; at: string } | null;
  contract: ContractView | null;
  /** For the tender's runners once signed: the bidders whose deposits come back. */
  bidders: { partyId: string; name: string }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function contractView(
  c: Contract,
  detail: {
    records: PerformanceRecord[];
    deposits: DepositReturn[];
    missing: { partyId: string; name: string }[];
  } | null,
): ContractView {
  const sum = (kind: PerformanceKind) =>
    (detail?.records ?? []).filter((r) => r.kind === kind).reduce((s, r) => s + (r.amountFen ?? 0), 0);
  return {
    id: c.id,
    status: c.status,
    supplierPartyId: c.supplierPartyId,
    supplierName: c.supplierName,
    priceFen: c.priceFen,
    subject: c.subject,
    quality: c.quality,
    paymentMethod: c.paymentMethod,
    startsOn: c.startsOn,
    dueAt: c.dueAt.toISOString(),
    signedAt: c.signedAt.toISOString(),
    late: c.late,
    noticeId: c.noticeId,
    acceptedAt: iso(c.acceptedAt),
    onTime: c.acceptedAt ? c.acceptedAt <= c.dueAt : null,
    terminatedAt: iso(c.terminatedAt),
    endReason: c.endReason,
    faultOf: c.faultOf,
    performance: detail
      ? {
          records: detail.records.map((r) => ({
            id: r.id,
            kind: r.kind,
            description: r.description,
            plannedAt: iso(r.plannedAt),
            actualAt: iso(r.actualAt),
            amountFen: r.amountFen,
            at: r.at.toISOString(),
          })),
          amountFen: c.priceFen + sum('change'),
          paidFen: sum('payment'),
          deposits: detail.deposits.map((d) => ({
            bidderPartyId: d.bidderPartyId,
            bidderName: d.bidderName,
            amountFen: d.amountFen,
            returnedAt: d.returnedAt.toISOString(),
            late: d.late,
          })),
          depositDeadlineAt: depositReturnDeadline(c.signedAt).toISOString(),
          depositsMissing: detail.missing,
        }
      : null,
  };
}
