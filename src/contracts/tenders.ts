import type { z } from 'zod';
import type { documentList, documentVersion } from '../modules/documents/schemas.js';
import type { noticeSummary, noticeView } from '../modules/publication/schemas.js';
import type {
  checkResult,
  deadlineOutcome,
  sectionInput,
  tenderInput,
  tenderView,
  violation,
} from '../modules/tenders/schemas.js';

/** A tender as the API shows it. */
export type TenderView = z.output<typeof tenderView>;
/** The body of POST /tenders and PUT /tenders/:id (defaults may be left out). */
export type TenderInput = z.input<typeof tenderInput>;
export type Category = TenderView['category'];
export type ProcurementMethod = TenderView['procurementMethod'];
export type EvaluationMethod = TenderView['evaluationMethod'];
export type TenderStatus = TenderView['status'];
export type EvaluationCriterion = TenderView['evaluationCriteria'][number];
export type CriterionKind = EvaluationCriterion['kind'];
export type BidFormField = TenderView['bidFormFields'][number];
export type FieldType = BidFormField['type'];
export type Schedule = TenderView['schedule'];
export type SectionInput = z.output<typeof sectionInput>;
/** A section's evaluation plan as the API shows it (its own, or derived from the tender). */
export type EvaluationPlan = TenderView['sections'][number]['evaluationPlan'];
/** A plan as the drafter sends it in a section (defaults may be left out). */
export type EvaluationPlanInput = NonNullable<z.input<typeof sectionInput>['evaluationPlan']>;
export type PlanCriterion = EvaluationPlan['criteria'][number];
export type PlanCriterionKind = PlanCriterion['kind'];
export type PlanCriterionGroup = PlanCriterion['group'];
export type PriceFormula = EvaluationPlan['priceFormula'];
export type PriceBase = PriceFormula['base'];
export type Committee = EvaluationPlan['committee'];
export type PartyRef = TenderView['tenderee'];
export type Clarification = TenderView['clarifications'][number];
export type ClarificationKind = Clarification['kind'];

/** A publication rule broken; `field` is the input path (`schedule.bidDeadline`, `sections.0.depositFen`). */
export type Violation = z.output<typeof violation>;
export type CheckResult = z.output<typeof checkResult>;
export type DeadlinePreview = z.output<typeof deadlineOutcome>;

/** A feed entry (the body comes with GET /notices/:id). */
export type Notice = z.output<typeof noticeSummary>;
export type NoticeView = z.output<typeof noticeView>;
export type NoticeKind = Notice['kind'];

/** One stored version of a tender document. */
export type DocumentVersion = z.output<typeof documentVersion>;
/** A document by name: its latest version and every version, oldest first. */
export type TenderDocument = z.output<typeof documentList>['items'][number];
