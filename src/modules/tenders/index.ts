import { defineModule } from '../../platform/modules/contract.js';
import { enquiryRoutes } from './enquiry-routes.js';
import { initTenderModels } from './models.js';
import { tenderRoutes } from './routes.js';
import { TendersService } from './service.js';

/** Tenders from draft to the bid deadline (标前), with clarifications and objections. */
export const tendersModule = defineModule({
  name: 'tenders',
  models: initTenderModels,
  create: ({ db, audit, clock, events }, models, { parties, identity, certificates }) =>
    new TendersService(models, { db, audit, clock, events, parties, identity, certificates }),
  routes: (tenders) => [...tenderRoutes(tenders), ...enquiryRoutes(tenders.enquiries)],
  tasks: (tenders) => [{ name: 'close-bidding-at-deadline', run: () => tenders.closeDueBidding() }],
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    tenders: TendersService;
  }
}

// What other modules may use of this one (they import nothing else from this folder).
export { assertMayManage, mayManage } from './access.js';
export { withPriceField } from './bid-form.js';
export type { TenderEvent } from './events.js';
export {
  CLARIFICATION_NOTICE_DAYS,
  PUBLIC_STATUSES,
  can,
  deadlineAfterClarification,
  isPublic,
} from './lifecycle.js';
export {
  CRITERION_GROUPS,
  CRITERION_KINDS,
  GP_LARGE_BUDGET_FEN,
  PRICE_BASES,
  defaultPlan,
  effectivePlan,
  evaluationPlanSchema,
} from './evaluation-plan.js';
export type {
  Committee,
  Criterion,
  CriterionGroup,
  CriterionKind,
  EvaluationPlan,
  EvaluationPlanInput,
  PriceBase,
  PriceFormula,
} from './evaluation-plan.js';
export { CATEGORIES, EVALUATION_METHODS } from './models.js';
export type {
  BidFormField,
  Category,
  EvaluationMethod,
  ProcurementMethod,
  Tender,
  TenderStatus,
} from './models.js';
export type { TenderView } from './schemas.js';
export { TENDER_SUSPENDED, suspendedError } from './holds.js';
// Candidate publicity and its objections (SS Art.54): the award module checks these limits.
export { earliestPublicityEnd, publicityPeriod } from './rules/publicity-period.js';
export { latestPublicityStart, publicityStart } from './rules/publicity-start.js';
export type { PublicityWindow } from './rules/candidate-objection.js';
export { ruleViolation } from './violations.js';
export { objectionView as objectionSchema } from './enquiry-routes.js';
export type { ActiveHold, HoldOrder, TenderHolds } from './holds.js';
export type { BiddingTerms, TendersService } from './service.js';
