import { z } from 'zod';
import { CLOCK_STOP_KINDS, COMPLAINT_CONCLUSIONS, COMPLAINT_STATUSES } from './models.js';

export const complaintIdParams = z.object({ id: z.string().uuid() });
export const evidenceParams = z.object({ id: z.string().uuid(), evidenceId: z.string().uuid() });

const text = (max: number) => z.string().trim().min(1).max(max);
const beijingDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'not a real date',
  );

/** SS Art.60: a clear request with the evidence for it; the tender, the facts, and when they knew. */
export const filingBody = z.strictObject({
  tenderId: z.string().uuid(),
  facts: text(10_000),
  request: text(2000),
  /** The Beijing date the complainant knew or should have known of the harm. */
  knewOn: beijingDate,
  /** Evidence files uploaded first (POST /complaints/evidence) by the complainant's party. */
  evidenceIds: z.array(z.string().uuid()).min(1).max(20),
});
export type FilingBody = z.infer<typeof filingBody>;

export const evidenceQuery = z.object({ name: text(200) });

export const reviewBody = z.strictObject({
  decision: z.enum(['accept', 'reject']),
  reason: text(2000),
});
export type ReviewBody = z.infer<typeof reviewBody>;

export const answerBody = z.strictObject({ answer: text(10_000) });

export const clockStopBody = z.strictObject({ kind: z.enum(CLOCK_STOP_KINDS), reason: text(2000) });
export type ClockStopBody = z.infer<typeof clockStopBody>;

export const decisionBody = z.strictObject({
  conclusion: z.enum(COMPLAINT_CONCLUSIONS),
  text: text(20_000),
});
export type DecisionBody = z.infer<typeof decisionBody>;

export const withdrawalBody = z.strictObject({ reason: text(2000) });

export const complaintListQuery = z.object({ status: z.enum(COMPLAINT_STATUSES).optional() });
export type ComplaintListQuery = z.infer<typeof complaintListQuery>;

export const evidenceView = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
});
export type EvidenceView = z.infer<typeof evidenceView>;

const clockFields = {
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  /** The due date lies in a year without holiday data: counted with weekends alone (docs/domain.md §9). */
  estimated: z.boolean(),
};

export const complaintView = z.object({
  id: z.string(),
  tender: z.object({ id: z.string(), title: z.string() }),
  complainant: z.object({ partyId: z.string(), name: z.string(), filedByName: z.string() }),
  facts: z.string(),
  request: z.string(),
  knewOn: z.string(),
  filedAt: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  evidence: z.array(evidenceView),
  acceptance: z.object({
    ...clockFields,
    workingDaysLeft: z.number().int(),
    reviewedAt: z.string().nullable(),
    reviewedByName: z.string().nullable(),
    reason: z.string().nullable(),
  }),
  answer: z.object({ text: z.string(), answeredAt: z.string(), answeredByName: z.string() }).nullable(),
  decisionClock: z
    .object({
      ...clockFields,
      workingDaysUsed: z.number().int(),
      workingDaysLeft: z.number().int(),
      stopped: z.boolean(),
    })
    .nullable(),
  clockStops: z.array(
    z.object({
      kind: z.enum(CLOCK_STOP_KINDS),
      reason: z.string(),
      startedAt: z.string(),
      startedByName: z.string(),
      endedAt: z.string().nullable(),
      endedByName: z.string().nullable(),
    }),
  ),
  decision: z
    .object({
      conclusion: z.enum(COMPLAINT_CONCLUSIONS),
      text: z.string(),
      decidedAt: z.string(),
      decidedByName: z.string(),
    })
    .nullable(),
  withdrawal: z.object({ withdrawnAt: z.string(), reason: z.string() }).nullable(),
});
export type ComplaintView = z.infer<typeof complaintView>;
export const complaintList = z.object({ items: z.array(complaintView) });

/** What the public sees of a decided complaint (SS Art.61: the decision is published). */
export const publishedDecision = z.object({
  id: z.string(),
  tender: z.object({ id: z.string(), title: z.string() }),
  complainantName: z.string(),
  filedAt: z.string(),
  conclusion: z.enum(COMPLAINT_CONCLUSIONS),
  text: z.string(),
  decidedAt: z.string(),
});
export type PublishedDecision = z.infer<typeof publishedDecision>;
export const publishedDecisionList = z.object({ items: z.array(publishedDecision) });
