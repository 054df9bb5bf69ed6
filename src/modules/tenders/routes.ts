import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { checkResult, tenderIdParams, tenderInput, tenderView, violation } from './schemas.js';
import type { TendersService } from './service.js';

const RUNS_TENDERS = ['tenderee', 'agency'] as const;
const saved = z.object({ tender: tenderView, violations: z.array(violation) });

export function tenderRoutes(tenders: TendersService): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/tenders',
      summary: 'Create a tender draft; the answer lists the rules it still breaks',
      tags: ['tenders'],
      access: RUNS_TENDERS,
      body: tenderInput,
      status: 201,
      response: saved,
      errors: {
        409: 'PARTY_NOT_VERIFIED',
        422: 'VALIDATION_FAILED | TENDEREE_REQUIRED | TENDEREE_INVALID | AGENCY_INVALID',
      },
      handler: async ({ ctx, body, res }) => {
        const result = await tenders.createDraft(ctx, body);
        res.location(`/api/v1/tenders/${result.tender.id}`);
        return result;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/tenders',
      summary: 'Tenders you run (tenderee or agency staff), or every tender for supervisors and admins',
      tags: ['tenders'],
      access: ['tenderee', 'agency', 'supervisor', 'admin'],
      query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: z.object({ items: z.array(tenderView) }),
      handler: async ({ actor, query }) => ({ items: await tenders.listManaged(actor!, query.limit) }),
    }),
    defineRoute({
      method: 'get',
      path: '/tenders/:id',
      summary: 'One tender; drafts only for those who run it and for oversight',
      tags: ['tenders'],
      access: 'public',
      params: tenderIdParams,
      response: tenderView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => tenders.get(actor, params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/tenders/:id',
      summary: 'Replace a draft (published tenders change through clarifications)',
      tags: ['tenders'],
      access: RUNS_TENDERS,
      params: tenderIdParams,
      body: tenderInput,
      response: saved,
      errors: { 404: 'NOT_FOUND', 409: 'TENDER_NOT_DRAFT' },
      handler: ({ ctx, params, body }) => tenders.updateDraft(ctx, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/tenders/:id',
      summary: 'Delete a draft that was never published, with its sections and documents (删除草稿)',
      tags: ['tenders'],
      access: RUNS_TENDERS,
      params: tenderIdParams,
      status: 204,
      errors: { 404: 'NOT_FOUND', 409: 'TENDER_NOT_DRAFT | TENDER_SUSPENDED' },
      handler: ({ ctx, params }) => tenders.deleteDraft(ctx, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/tenders/:id/check',
      summary: 'Check a tender against the publication rules without changing it',
      tags: ['tenders'],
      access: ['tenderee', 'agency', 'supervisor'],
      readOnly: true,
      params: tenderIdParams,
      response: checkResult,
      handler: async ({ actor, params }) => {
        const violations = await tenders.check(actor, params.id);
        return { ok: violations.length === 0, violations };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/tenders/:id/publication',
      summary: 'Publish a draft: the rules must pass; the key custodians and their certificates are frozen',
      tags: ['tenders'],
      access: RUNS_TENDERS,
      params: tenderIdParams,
      response: tenderView,
      errors: {
        404: 'NOT_FOUND',
        409: 'INVALID_TRANSITION',
        422: 'RULE_VIOLATION (details: the rules broken)',
      },
      handler: ({ ctx, params }) => tenders.publish(ctx, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/tenders/:id/cancellation',
      summary: 'Cancel a tender, with a reason that is published',
      tags: ['tenders'],
      access: RUNS_TENDERS,
      params: tenderIdParams,
      body: z.object({ reason: z.string().max(500).optional() }),
      response: tenderView,
      errors: {
        404: 'NOT_FOUND',
        409: 'INVALID_TRANSITION',
        422: 'RULE_VIOLATION (CANCELLATION_REASON_REQUIRED)',
      },
      handler: ({ ctx, params, body }) => tenders.cancel(ctx, params.id, body.reason),
    }),
  ];
}
