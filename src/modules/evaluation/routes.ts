import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import {
  answerBody,
  clarificationParams,
  clarificationView,
  evaluationParams,
  evaluationSummaryView,
  logEntryView,
  logQuery,
  reportExportView,
  reportSignatureBody,
  reportView,
  representativeBody,
  snapshotView,
  stepResultView,
} from './schemas.js';
import type { EvaluationService } from './service.js';
import { reportPdf } from './report/pdf.js';

const TAGS = ['evaluation'];
const HIDDEN = 'NOT_FOUND (no such evaluation, or not yours to see)';

/**
 * The evaluation's REST side (docs/domain.md §5): lists and first loads, the log for those who watch, the
 * bidder's clarification inbox and answer, and the tenderee's representatives. The room itself is the
 * `/evaluation` Socket.IO namespace (gateway.ts).
 */
export function evaluationRoutes(service: EvaluationService): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/evaluations',
      summary:
        'The evaluations the caller takes part in: their committees, every one for supervisors, those of the ' +
        "tenders their party runs for the tenderee's and the agency's users",
      tags: TAGS,
      access: 'authenticated',
      response: z.object({ items: z.array(evaluationSummaryView) }),
      handler: async ({ actor }) => ({ items: await service.list(actor!) }),
    }),
    defineRoute({
      method: 'get',
      path: '/evaluations/:id',
      summary:
        'The evaluation as the caller may see it (member, leader, supervisor or observer): the same snapshot ' +
        'the room sends on `evaluation:join`',
      tags: TAGS,
      access: 'authenticated',
      params: evaluationParams,
      response: snapshotView,
      errors: { 404: HIDDEN, 409: 'MEMBER_REPLACED' },
      handler: ({ params, actor }) => service.get(actor!, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/evaluations/:id/log',
      summary:
        "The evaluation's timeline after `after` (at most 500 entries); supervisors see who did each step " +
        'and from which address',
      tags: TAGS,
      access: 'authenticated',
      params: evaluationParams,
      query: logQuery,
      response: z.object({ items: z.array(logEntryView) }),
      errors: { 404: HIDDEN, 409: 'MEMBER_REPLACED' },
      handler: ({ params, query, actor }) => service.logOf(actor!, params.id, query.after ?? 0),
    }),
    defineRoute({
      method: 'get',
      path: '/evaluation-clarifications',
      summary: "The committees' questions to the caller's party (newest first), with their answers",
      tags: TAGS,
      access: ['bidder'],
      response: z.object({ items: z.array(clarificationView) }),
      handler: async ({ actor }) => ({ items: await service.clarificationsOf(actor!) }),
    }),
    defineRoute({
      method: 'post',
      path: '/evaluation-clarifications/:id/answer',
      summary:
        "The bidder's answer to a committee's question, once, before its deadline; the bidder confirms it " +
        'changes neither the price nor the substance of the bid (SS Art.52)',
      tags: TAGS,
      access: ['bidder'],
      params: clarificationParams,
      body: answerBody,
      response: clarificationView,
      errors: {
        404: "NOT_FOUND (no such question to the caller's party)",
        409: 'CLARIFICATION_CLOSED (the deadline passed, or the evaluation concluded) | CLARIFICATION_ANSWERED',
        422: 'VALIDATION_FAILED',
      },
      handler: ({ params, body, ctx }) => service.answer(ctx, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/evaluations/:id/representatives',
      summary:
        "Seats a user of the tenderee's party as its representative on the committee (业主代表), while the " +
        "committee forms, up to the plan's number; by the tenderee or the agency running the tender",
      tags: TAGS,
      access: ['tenderee', 'agency'],
      params: evaluationParams,
      body: representativeBody,
      status: 201,
      response: stepResultView,
      errors: {
        404: HIDDEN,
        409: 'WRONG_STEP (the committee has formed) | REPRESENTATIVES_FULL | ALREADY_MEMBER',
        422: 'VALIDATION_FAILED | NOT_TENDEREE_USER',
      },
      handler: ({ params, body, ctx }) => service.addRepresentative(ctx, params.id, body.userId),
    }),
    defineRoute({
      method: 'get',
      path: '/evaluations/:id/report',
      summary:
        "The evaluation report (评标报告, PB Art.42) generated at conclusion, with each member's answer so far: " +
        "to the members, the tender's tenderee and agency, and supervisors",
      tags: TAGS,
      access: 'authenticated',
      params: evaluationParams,
      response: reportView,
      errors: { 404: `${HIDDEN}, or no report yet`, 409: 'MEMBER_REPLACED' },
      handler: ({ params, actor }) => service.report(actor!, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/evaluations/:id/report.pdf',
      summary:
        'The evaluation report as a PDF (Chinese text, made on the server); same readers as the report',
      tags: TAGS,
      access: 'authenticated',
      params: evaluationParams,
      errors: { 404: `${HIDDEN}, or no report yet`, 409: 'MEMBER_REPLACED' },
      handler: async ({ params, actor, res }) => {
        const report = await service.report(actor!, params.id);
        const pdf = await reportPdf(report);
        res.setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Disposition', `inline; filename="evaluation-report-${report.reportId}.pdf"`);
        res.setHeader('Cache-Control', 'private, no-store');
        res.end(pdf);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/evaluations/:id/report/export',
      summary:
        'The report, its digest and every signature with its certificate and the platform root, as one JSON ' +
        'that `yangguang verify-report` checks offline',
      tags: TAGS,
      access: 'authenticated',
      params: evaluationParams,
      response: reportExportView,
      errors: { 404: `${HIDDEN}, or no report yet`, 409: 'MEMBER_REPLACED' },
      handler: ({ params, actor }) => service.reportExport(actor!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/evaluations/:id/report/signatures',
      summary:
        "A member's signature on the report's digest (agree), or a dissent with written reasons, signed in " +
        'the browser; the last answer completes the report',
      tags: TAGS,
      access: 'authenticated',
      params: evaluationParams,
      body: reportSignatureBody,
      status: 201,
      response: stepResultView,
      errors: {
        403: 'NOT_A_MEMBER',
        404: 'NOT_FOUND',
        409: 'REPORT_ALREADY_SIGNED | REPORT_CLOSED (completed, superseded or past its deadline)',
        422: 'VALIDATION_FAILED | PAYLOAD_MISMATCH | DIGEST_MISMATCH | CERTIFICATE_INVALID | SIGNATURE_INVALID',
      },
      handler: ({ params, body, ctx }) => service.signReport(ctx, params.id, body),
    }),
  ];
}
