/** Shapes of the tender, notice and document API (mirrors src/modules/tenders/schemas.ts and friends). */

export const CATEGORIES = ['A', 'B', 'C', 'D', 'E'] as const;
export type Category = (typeof CATEGORIES)[number];
export const PROCUREMENT_METHODS = ['1', '2', '9'] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];
export const EVALUATION_METHODS = ['lowest-evaluated-price', 'comprehensive'] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];
export const TENDER_STATUSES = [
  'draft',
  'published',
  'suspended',
  'bidding-closed',
  'opening',
  'evaluating',
  'failed',
  'cancelled',
] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];
/** The statuses the public sees. */
export const PUBLIC_STATUSES = [
  'published',
  'suspended',
  'bidding-closed',
  'opening',
  'evaluating',
  'failed',
  'cancelled',
] as const;
export const CRITERION_KINDS = ['qualification', 'technical', 'commercial', 'price'] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];
export const FIELD_TYPES = ['money', 'integer', 'text'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const CLARIFICATION_KINDS = ['clarification', 'amendment'] as const;
export type ClarificationKind = (typeof CLARIFICATION_KINDS)[number];

export interface BidFormField {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  readOut: boolean;
}

export interface EvaluationCriterion {
  name: string;
  kind: CriterionKind;
  weight?: number;
}

export interface Schedule {
  documentsFrom: string;
  documentsTo: string;
  clarificationDeadline: string;
  bidDeadline: string;
}

export interface SectionInput {
  name: string;
  maxPriceFen: number | null;
  estimatedPriceFen: number;
  depositFen: number;
}

/** The body of POST /tenders and PUT /tenders/:id. */
export interface TenderInput {
  projectName: string;
  title: string;
  description?: string;
  category: Category;
  procurementMethod: ProcurementMethod;
  tendereePartyId?: string;
  agencyPartyId?: string | null;
  regionCode: string;
  bidValidityDays: number;
  evaluationMethod: EvaluationMethod;
  evaluationCriteria: EvaluationCriterion[];
  bidFormFields: BidFormField[];
  schedule: Schedule;
  sections: SectionInput[];
  custodians: { userIds: string[]; threshold: number };
}

export interface PartyRef {
  id: string;
  name: string;
  uscc: string;
}

export interface Clarification {
  number: number;
  kind: ClarificationKind;
  title: string;
  body: string;
  previousBidDeadline: string;
  bidDeadline: string;
  publishedAt: string;
}

export interface TenderView {
  id: string;
  code: string;
  projectCode: string;
  projectName: string;
  title: string;
  description: string | null;
  category: Category;
  procurementMethod: ProcurementMethod;
  tenderee: PartyRef;
  agency: PartyRef | null;
  regionCode: string;
  status: TenderStatus;
  bidValidityDays: number;
  evaluationMethod: EvaluationMethod;
  evaluationCriteria: EvaluationCriterion[];
  bidFormFields: BidFormField[];
  schedule: Schedule;
  sections: (SectionInput & { id: string; code: string })[];
  custodians: {
    threshold: number;
    members: {
      position: number;
      userId: string;
      displayName: string;
      certificateSerial: string | null;
      certificatePem: string | null;
    }[];
  };
  clarifications: Clarification[];
  publishedAt: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
  createdAt: string;
  dateModified: string;
}

/** A publication rule broken; `field` is the input path (`schedule.bidDeadline`, `sections.0.depositFen`). */
export interface Violation {
  code: string;
  field: string;
  message: string;
  params?: Record<string, unknown>;
}

export interface DeadlinePreview {
  previousBidDeadline: string;
  bidDeadline: string;
  moved: boolean;
}

/** Every kind the feed will carry (src/modules/publication/kinds.ts); the first three exist so far. */
export const NOTICE_KINDS = [
  'tender',
  'clarification',
  'cancellation',
  'opening-record',
  'candidates',
  'award',
  'contract',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
/** The kinds the portal filters by: those the platform publishes today. */
export const FILTERED_NOTICE_KINDS = NOTICE_KINDS.slice(0, 3);

/** A feed entry (the body comes with GET /notices/:id). */
export interface Notice {
  id: string;
  tenderId: string;
  kind: NoticeKind;
  title: string;
  regionCode: string;
  category: Category;
  tenderStatus: TenderStatus;
  publishedAt: string;
  dateModified: string;
}

/** One stored version of a tender document (src/modules/documents/schemas.ts). */
export interface DocumentVersion {
  id: string;
  tenderId: string;
  name: string;
  version: number;
  sha256: string;
  size: number;
  contentType: string;
  /** The amendment (clarification number) a published tender's document changed with. */
  amendment: number | null;
  uploadedAt: string;
  contentUrl: string;
}

/** A document by name: its latest version and every version, oldest first. */
export interface TenderDocument {
  name: string;
  latest: DocumentVersion;
  history: DocumentVersion[];
}
