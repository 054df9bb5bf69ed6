import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import type { TenderEnquiries } from './enquiries.js';
import { deadlineOutcome, tenderIdParams } from './schemas.js';

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const kind = z.enum(['clarification', 'amendment']);

const clarification = z.object({
  number: z.number(),
  kind,
  title: z.string(),
  body: z.string(),
  previousBidDeadline: z.string(),
  bidDeadline: z.string(),
  publishedAt: z.string(),
  deadlineMoved: z.boolean(),
});
const objection = z.object({
  id: z.string(),
  tenderId: z.string(),
  partyId: z.string(),
  content: z.string(),
  submittedAt: z.string(),
  answerDueAt: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  /** To the documents (SS Art.22) or to a section's candidates (SS Art.54). */
  stage: z.enum(['documents', 'candidates']),
  sectionId: z.string().nullable(),
  overdue: z.boolean(),
});

export { objection as objectionView };

export function enquiryRoutes(enquiries: TenderEnquiries): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/tenders/:id/clarifications/preview',
      summary: 'The bid deadline a clarification sent now would lead to (≥ 15 days after it, ZB Art.23)',
      tags: ['tenders'],
      access: ['tenderee', 'agency'],
      readOnly: true,
      params: tenderIdParams,
      body: z.object({ kind, bidDeadline: instant.optional() }),
      response: deadlineOutcome,
      handler: ({ actor, params, body }) => enquiries.preview(actor, params.id, body.bidDeadline),
    }),
    defineRoute({
      method: 'post',
      path: '/tenders/:id/clarifications',
      summary: 'Publish a clarification or amendment, confirming the bid deadline shown by the preview',
      tags: ['tenders'],
      access: ['tenderee', 'agency'],
      params: tenderIdParams,
      body: z.object({
        kind,
        title: z.string().trim().min(2).max(200),
        body: z.string().trim().min(1).max(50_000),
        bidDeadline: instant.optional(),
        confirmBidDeadline: instant,
      }),
      status: 201,
      response: clarification,
      errors: { 409: 'DEADLINE_CHANGED | TENDER_CLOSED', 422: 'RULE_VIOLATION (DEADLINE_EARLIER)' },
      handler: ({ ctx, params, body }) => enquiries.clarify(ctx, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/tenders/:id/objections',
      summary: 'Object to the tender documents (异议, ≥ 10 days before the deadline); the tender pauses',
      tags: ['tenders'],
      access: ['bidder'],
      params: tenderIdParams,
      body: z.object({ content: z.string().trim().min(5).max(20_000) }),
      status: 201,
      response: objection,
      errors: { 409: 'PARTY_NOT_VERIFIED | TENDER_CLOSED', 422: 'RULE_VIOLATION (OBJECTION_TOO_LATE)' },
      handler: ({ ctx, params, body }) => enquiries.object(ctx, params.id, body.content),
    }),
    defineRoute({
      method: 'get',
      path: '/tenders/:id/objections',
      summary: "Objections: all for the tender's runners and supervisors, a bidder's own otherwise",
      tags: ['tenders'],
      access: ['tenderee', 'agency', 'bidder', 'supervisor'],
      params: tenderIdParams,
      response: z.object({ items: z.array(objection) }),
      handler: async ({ actor, params }) => ({ items: await enquiries.objections(actor!, params.id) }),
    }),
    defineRoute({
      method: 'post',
      path: '/tenders/:id/objections/:objectionId/answer',
      summary: 'Answer an objection (within 3 days); the tender resumes when none is left open',
      tags: ['tenders'],
      access: ['tenderee', 'agency'],
      params: tenderIdParams.extend({ objectionId: z.string().uuid() }),
      body: z.object({ answer: z.string().trim().min(2).max(20_000) }),
      response: objection,
      errors: { 404: 'NOT_FOUND', 409: 'OBJECTION_ALREADY_ANSWERED' },
      handler: ({ ctx, params, body }) => enquiries.answer(ctx, params.id, params.objectionId, body.answer),
    }),
  ];
}
