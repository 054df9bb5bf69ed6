import type { Category, EvaluationMethod, ProcurementMethod, TenderStatus } from '../tenders/index.js';

/**
 * Our codes in OCDS 1.1 codelists (https://standard.open-contracting.org/1.1/en/schema/codelists/). The maps are
 * total over our types, so a status a later issue adds (opening, awarded ...) fails to compile until it is
 * mapped here.
 */
export const RELEASE_TAGS = [
  'tender',
  'tenderAmendment',
  'tenderUpdate',
  'tenderCancellation',
  'award',
  'awardUpdate',
  'contract',
  'contractUpdate',
  'contractAmendment',
  'implementation',
  'implementationUpdate',
  'contractTermination',
] as const;
export type ReleaseTag = (typeof RELEASE_TAGS)[number];

type OcdsTenderStatus =
  'planning' | 'planned' | 'active' | 'cancelled' | 'unsuccessful' | 'complete' | 'withdrawn';

/**
 * tenderStatus is a closed codelist without "suspended" or "closed for bids": a tender paused by an objection
 * (SS Art.22) or past its deadline and awaiting evaluation is still 'active' in OCDS terms; the notices feed
 * carries our exact status. Drafts never reach OCDS (only public tenders are released).
 */
export const TENDER_STATUS: Record<TenderStatus, OcdsTenderStatus> = {
  draft: 'planning',
  published: 'active',
  suspended: 'active',
  'bidding-closed': 'active',
  opening: 'active',
  evaluating: 'active',
  publicity: 'active', // the candidates are shown; objections may still change the outcome (SS Art.54)
  awarded: 'complete', // every evaluated section has its winner (ZB Art.45)
  contracted: 'complete', // the contracts are signed (ZB Art.46): the tender stage is over
  performance: 'complete',
  closed: 'complete',
  failed: 'unsuccessful', // 流标 (SS Art.44)
  cancelled: 'cancelled',
};

/** method codelist: 公开招标 is open; 邀请招标 (ZB Art.10, invited suppliers only) is selective; 其他 unmapped. */
export const PROCUREMENT_METHOD: Record<ProcurementMethod, 'open' | 'selective' | null> = {
  '1': 'open',
  '2': 'selective',
  '9': null,
};

/** procurementCategory: 工程 works, 货物 goods, 服务 services; 产权 and 土地 transactions have no OCDS category. */
export const MAIN_CATEGORY: Record<Category, 'works' | 'goods' | 'services' | null> = {
  A: 'works',
  B: 'goods',
  C: 'services',
  D: null,
  E: null,
};

/** awardCriteria: the lowest evaluated price (PB Art.29) is priceOnly; 综合评估法 (PB Art.32) is ratedCriteria. */
export const AWARD_CRITERIA: Record<EvaluationMethod, 'priceOnly' | 'ratedCriteria'> = {
  'lowest-evaluated-price': 'priceOnly',
  comprehensive: 'ratedCriteria',
};

/**
 * awardStatus (closed codelist): a candidate under publicity (中标候选人公示, SS Art.54) is a proposed award not
 * yet in force, 'pending' ("may be due to a cooling off period, or some other process"); the confirmed winner
 * (定标, ZB Art.45) is 'active'; the other candidates, once another is confirmed, are 'unsuccessful' ("could
 * not be successfully issued"); a winner's award it refused to sign on (放弃中标, SS Art.55), replaced by the
 * next candidate's, is 'cancelled'.
 */
export type OcdsAwardStatus = 'pending' | 'active' | 'unsuccessful' | 'cancelled';

/**
 * contractStatus (closed codelist in 1.1: pending, active, cancelled, terminated; 1.1 has no "closed"): a
 * signed contract (合同签订, ZB Art.46) is 'active'; a contract accepted on completion (验收) or ended early
 * (解除) is 'terminated', "signed and in force, and has now come to a close ... due to successful completion
 * of the contract, or ... early termination"; the reason is in its description.
 */
export type OcdsContractStatus = 'active' | 'terminated';

/**
 * milestoneType (open codelist): performance milestones are 'delivery' ("the delivery of goods, works or
 * services"); milestoneStatus (closed): 'met' once its actual date is recorded, 'scheduled' before.
 */
export const PERFORMANCE_MILESTONE_TYPE = 'delivery';
