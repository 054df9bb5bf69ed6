import { addCalendarDays } from '../../../platform/china/working-days.js';

/** A broken rule, in the shape the platform's 422 RULE_VIOLATION lists (tenders' ruleViolation). */
export interface Violation {
  code: string;
  field: string;
  message: string;
  params?: Record<string, unknown>;
}

export interface AwardedFacts {
  awardedPartyId: string;
  awardedPriceFen: number;
  noticeAt: Date;
}

export interface ContractTermsInput {
  supplierPartyId: string;
  priceFen: number;
  startsOn: string;
  dueAt: Date;
  signedAt: Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const GRACE_MS = 60_000;

/**
 * ZB Art.46 and SS Art.57: the contract is made between the tenderee and the winner on the terms of the
 * tender documents and the winning bid; no other agreement departing from its substance (price, period,
 * quality). So the supplier is the awarded party, the price the awarded price to the fen, the performance
 * period a real period, and the signing not before the award notice nor in the future (a minute's grace).
 * Lateness (after the 30 days) is not refused: the contract is recorded and flagged (rules/limits.ts).
 */
export function contractTerms(award: AwardedFacts, input: ContractTermsInput, now: Date): Violation[] {
  const broken: Violation[] = [];
  if (input.supplierPartyId !== award.awardedPartyId)
    broken.push({
      code: 'CONTRACT_SUPPLIER_DIFFERS',
      field: 'supplierPartyId',
      message: 'The contract is signed with the winner only (ZB Art.46)',
    });
  if (input.priceFen !== award.awardedPriceFen)
    broken.push({
      code: 'CONTRACT_PRICE_DIFFERS',
      field: 'priceFen',
      message: 'The contract price is the awarded price (ZB Art.46, SS Art.57)',
      params: { awardedPriceFen: award.awardedPriceFen },
    });
  if (!DATE.test(input.startsOn) || Number.isNaN(Date.parse(`${input.startsOn}T00:00:00+08:00`)))
    broken.push({
      code: 'CONTRACT_PERIOD_INVALID',
      field: 'startsOn',
      message: 'The start is a date YYYY-MM-DD',
    });
  else if (input.dueAt.getTime() < Date.parse(`${addCalendarDays(input.startsOn, 1)}T00:00:00+08:00`))
    broken.push({
      code: 'CONTRACT_PERIOD_INVALID',
      field: 'dueAt',
      message: 'The due date comes after the start of performance',
    });
  if (input.signedAt < award.noticeAt)
    broken.push({
      code: 'SIGNED_BEFORE_AWARD',
      field: 'signedAt',
      message: 'A contract is signed after the award notice (中标通知书)',
    });
  else if (input.signedAt.getTime() > now.getTime() + GRACE_MS)
    broken.push({
      code: 'SIGNED_IN_FUTURE',
      field: 'signedAt',
      message: 'The signing time is not in the future',
    });
  return broken;
}

export interface PaymentFacts {
  priceFen: number;
  /** The sum of the recorded changes' amount changes (may be negative). */
  changesFen: number;
  paidFen: number;
  amountFen: number;
}

/** The payments together may not exceed the contract price plus the recorded changes (合同变更). */
export function paymentCeiling(facts: PaymentFacts): Violation[] {
  const ceiling = facts.priceFen + facts.changesFen;
  if (facts.paidFen + facts.amountFen <= ceiling) return [];
  return [
    {
      code: 'PAYMENT_EXCEEDS_CONTRACT',
      field: 'amountFen',
      message: 'The payments would exceed the contract amount with its changes',
      params: { ceilingFen: ceiling, paidFen: facts.paidFen },
    },
  ];
}
