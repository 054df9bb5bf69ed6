/**
 * The tender, notice and document shapes: types from the server's schemas (src/contracts), and the lists of
 * values the pages offer, checked against them.
 */
import type {
  Category,
  ClarificationKind,
  CriterionKind,
  EvaluationMethod,
  FieldType,
  NoticeKind,
  PlanCriterionGroup,
  PlanCriterionKind,
  PriceBase,
  ProcurementMethod,
  TenderStatus,
} from '../../src/contracts/index.js';
import { allOf } from './contract-lists.js';

export type {
  BidFormField,
  Category,
  Clarification,
  ClarificationKind,
  CriterionKind,
  DeadlinePreview,
  DocumentVersion,
  EvaluationCriterion,
  EvaluationMethod,
  EvaluationPlan,
  EvaluationPlanInput,
  FieldType,
  Notice,
  NoticeKind,
  PartyRef,
  PlanCriterion,
  PlanCriterionGroup,
  PlanCriterionKind,
  PriceBase,
  ProcurementMethod,
  Schedule,
  SectionInput,
  TenderDocument,
  TenderInput,
  TenderStatus,
  TenderView,
  Violation,
} from '../../src/contracts/index.js';

export const CATEGORIES = allOf<Category>()(['A', 'B', 'C', 'D', 'E']);
export const PROCUREMENT_METHODS = allOf<ProcurementMethod>()(['1', '2', '9']);
export const EVALUATION_METHODS = allOf<EvaluationMethod>()(['lowest-evaluated-price', 'comprehensive']);
export const TENDER_STATUSES = allOf<TenderStatus>()([
  'draft',
  'published',
  'suspended',
  'bidding-closed',
  'opening',
  'evaluating',
  'publicity',
  'awarded',
  'contracted',
  'performance',
  'closed',
  'failed',
  'cancelled',
]);
/** The statuses the public sees. */
export const PUBLIC_STATUSES = [
  'published',
  'suspended',
  'bidding-closed',
  'opening',
  'evaluating',
  'publicity',
  'awarded',
  'contracted',
  'performance',
  'closed',
  'failed',
  'cancelled',
] as const satisfies readonly TenderStatus[];
export const CRITERION_KINDS = allOf<CriterionKind>()(['qualification', 'technical', 'commercial', 'price']);
/** A section's evaluation plan: how each criterion is judged, its group, how the price is scored. */
export const PLAN_CRITERION_KINDS = allOf<PlanCriterionKind>()(['pass-fail', 'subjective', 'objective']);
export const PLAN_CRITERION_GROUPS = allOf<PlanCriterionGroup>()([
  'qualification',
  'technical',
  'commercial',
  'price',
]);
export const PRICE_BASES = allOf<PriceBase>()(['lowest-price', 'benchmark-average']);
export const FIELD_TYPES = allOf<FieldType>()(['money', 'integer', 'text']);
export const CLARIFICATION_KINDS = allOf<ClarificationKind>()(['clarification', 'amendment']);

/** Every kind the feed will carry (src/modules/publication/kinds.ts); the first three exist so far. */
export const NOTICE_KINDS = allOf<NoticeKind>()([
  'tender',
  'clarification',
  'cancellation',
  'opening-record',
  'failure',
  'candidates',
  'award',
  'contract',
  'suspension',
  'resumption',
]);
/** The kinds the portal filters by: those the platform publishes today. */
export const FILTERED_NOTICE_KINDS = NOTICE_KINDS.slice(0, 3);
