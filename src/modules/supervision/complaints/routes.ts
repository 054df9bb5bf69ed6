import { pipeline } from 'node:stream/promises';
import { defineRoute, type AnyRoute } from '../../../platform/http/route.js';
import { withRequestBody } from '../../../platform/http/request-body.js';
import { evidenceContentType } from './evidence.js';
import {
  answerBody,
  clockStopBody,
  complaintIdParams,
  complaintList,
  complaintListQuery,
  complaintView,
  decisionBody,
  evidenceParams,
  evidenceQuery,
  evidenceView,
  filingBody,
  publishedDecisionList,
  reviewBody,
  withdrawalBody,
} from './schemas.js';
import type { ComplaintService } from './service.js';

const SUPERVISORS = ['supervisor'] as const;
/** Who may read complaints at all; each complaint is then checked against the reader (404 otherwise). */
const READERS = ['supervisor', 'bidder', 'tenderee', 'agency'] as const;

/** RFC 6266 with an RFC 5987 UTF-8 name and an ASCII fallback. */
const attachment = (name: string) =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\%]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function complaintRoutes(complaints: ComplaintService): AnyRoute[] {
  const wrongStatus = { 404: 'NOT_FOUND', 409: 'COMPLAINT_WRONG_STATUS', 422: 'VALIDATION_FAILED' };
  return [
    defineRoute({
      method: 'get',
      path: '/complaints/decisions',
      summary:
        'Published complaint decisions (投诉处理决定), newest first: tender, complainant, conclusion, text',
      tags: ['complaints'],
      access: 'public',
      response: publishedDecisionList,
      handler: async () => ({ items: await complaints.decisions() }),
    }),
    defineRoute({
      method: 'post',
      path: '/complaints/evidence',
      summary:
        'Upload an evidence file for a complaint to come: the body is the file (PDF, PNG, JPEG or OFD, at ' +
        'most 20 MiB), its name in ?name=; a verified bidder party only',
      tags: ['complaints'],
      access: ['bidder'],
      query: evidenceQuery,
      status: 201,
      response: evidenceView,
      errors: {
        409: 'PARTY_NOT_VERIFIED',
        413: 'EVIDENCE_TOO_LARGE',
        415: 'EVIDENCE_TYPE_UNSUPPORTED',
        422: 'VALIDATION_FAILED | EVIDENCE_EMPTY',
      },
      handler: ({ ctx, query, req }) => {
        const contentType = evidenceContentType(req.headers['content-type']);
        return withRequestBody(req, (open) =>
          complaints.uploadEvidence(ctx, { name: query.name, contentType, body: open }),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/complaints',
      summary:
        'File a complaint (投诉) against a published tender: facts, request, evidence, the date you knew; ' +
        'within 10 days of knowing (SS Art.60); audited',
      tags: ['complaints'],
      access: ['bidder'],
      body: filingBody,
      status: 201,
      response: complaintView,
      errors: {
        404: 'NOT_FOUND',
        409: 'PARTY_NOT_VERIFIED',
        422: 'VALIDATION_FAILED | COMPLAINT_TOO_LATE | KNEW_ON_IN_FUTURE | EVIDENCE_INVALID',
      },
      handler: ({ ctx, body }) => complaints.file(ctx, body),
    }),
    defineRoute({
      method: 'get',
      path: '/complaints',
      summary:
        "Complaints the caller may read, newest first: a supervisor's queue, a bidder's own, a tenderee's or " +
        "agency's tenders'; with the due dates in working days",
      tags: ['complaints'],
      access: READERS,
      query: complaintListQuery,
      response: complaintList,
      handler: async ({ actor, query }) => ({ items: await complaints.list(actor!, query) }),
    }),
    defineRoute({
      method: 'get',
      path: '/complaints/:id',
      summary:
        'One complaint with its evidence, clocks and steps (the complainant, the tender side, supervisors)',
      tags: ['complaints'],
      access: READERS,
      params: complaintIdParams,
      response: complaintView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => complaints.get(actor!, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/complaints/:id/evidence/:evidenceId',
      summary: 'Download an evidence file (always as an attachment); each read audited',
      tags: ['complaints'],
      access: READERS,
      params: evidenceParams,
      errors: { 404: 'NOT_FOUND' },
      handler: async ({ ctx, params, res }) => {
        const { evidence, content } = await complaints.evidence(ctx, params.id, params.evidenceId);
        res.status(200);
        res.setHeader('Content-Type', evidence.contentType);
        res.setHeader('Content-Length', String(evidence.size));
        res.setHeader('Content-Disposition', attachment(evidence.name));
        res.setHeader('Cache-Control', 'private, no-store');
        res.setHeader('X-Content-Type-Options', 'nosniff');
        await pipeline(content, res).catch(() => undefined);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/complaints/:id/review',
      summary:
        'Accept (受理) or not accept (不予受理) a filed complaint, with the reason; supervisors; audited',
      tags: ['complaints'],
      access: SUPERVISORS,
      params: complaintIdParams,
      body: reviewBody,
      response: complaintView,
      errors: wrongStatus,
      handler: ({ ctx, params, body }) => complaints.review(ctx, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/complaints/:id/answer',
      summary:
        "The tenderee's or agency's answer (答复) to an accepted complaint against its tender; once; audited",
      tags: ['complaints'],
      access: ['tenderee', 'agency'],
      params: complaintIdParams,
      body: answerBody,
      response: complaintView,
      errors: { ...wrongStatus, 409: 'COMPLAINT_WRONG_STATUS | COMPLAINT_ALREADY_ANSWERED' },
      handler: ({ ctx, params, body }) => complaints.answer(ctx, params.id, body.answer),
    }),
    defineRoute({
      method: 'post',
      path: '/complaints/:id/clock-stops',
      summary:
        'Stop the decision clock for an expert review or an inspection, with the reason (SS Art.61); supervisors',
      tags: ['complaints'],
      access: SUPERVISORS,
      params: complaintIdParams,
      body: clockStopBody,
      response: complaintView,
      errors: { ...wrongStatus, 409: 'COMPLAINT_WRONG_STATUS | CLOCK_ALREADY_STOPPED' },
      handler: ({ ctx, params, body }) => complaints.stopClock(ctx, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/complaints/:id/clock-resumption',
      summary:
        'Restart the stopped decision clock; the due date moves by the working days it stood; supervisors',
      tags: ['complaints'],
      access: SUPERVISORS,
      params: complaintIdParams,
      response: complaintView,
      errors: { ...wrongStatus, 409: 'COMPLAINT_WRONG_STATUS | CLOCK_NOT_STOPPED' },
      handler: ({ ctx, params }) => complaints.resumeClock(ctx, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/complaints/:id/decision',
      summary:
        'Decide an accepted complaint (upheld, partly upheld, dismissed, dismissed as malicious) with the text; published at once; supervisors',
      tags: ['complaints'],
      access: SUPERVISORS,
      params: complaintIdParams,
      body: decisionBody,
      response: complaintView,
      errors: { ...wrongStatus, 409: 'COMPLAINT_WRONG_STATUS | CLOCK_STOPPED' },
      handler: ({ ctx, params, body }) => complaints.decide(ctx, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/complaints/:id/withdrawal',
      summary: 'The complainant withdraws its complaint before the decision, with a reason; audited',
      tags: ['complaints'],
      access: ['bidder'],
      params: complaintIdParams,
      body: withdrawalBody,
      response: complaintView,
      errors: wrongStatus,
      handler: ({ ctx, params, body }) => complaints.withdraw(ctx, params.id, body.reason),
    }),
  ];
}
