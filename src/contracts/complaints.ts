import type { z } from 'zod';
import type {
  clockStopBody,
  complaintList,
  complaintView,
  decisionBody,
  evidenceView,
  filingBody,
  publishedDecision,
  publishedDecisionList,
  reviewBody,
} from '../modules/supervision/complaints/schemas.js';

export type ComplaintView = z.output<typeof complaintView>;
export type ComplaintList = z.output<typeof complaintList>;
export type ComplaintStatus = ComplaintView['status'];
export type ComplaintConclusion = NonNullable<ComplaintView['decision']>['conclusion'];
export type ClockStopKind = ComplaintView['clockStops'][number]['kind'];
export type ComplaintEvidenceView = z.output<typeof evidenceView>;
export type PublishedDecisionView = z.output<typeof publishedDecision>;
export type PublishedDecisionList = z.output<typeof publishedDecisionList>;
export type ComplaintFilingInput = z.input<typeof filingBody>;
export type ComplaintReviewInput = z.input<typeof reviewBody>;
export type ClockStopInput = z.input<typeof clockStopBody>;
export type ComplaintDecisionInput = z.input<typeof decisionBody>;
