import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import {
  decisionBody,
  exportQuery,
  exportView,
  feedView,
  partyPageView,
  queryQuery,
  queryView,
  recordParams,
  recordView,
  requestBody,
  requestView,
  usccParams,
} from './schemas.js';
import type { CreditService } from './service.js';

const SUBJECTS = ['bidder', 'tenderee', 'agency', 'expert'] as const;
const SUPERVISORS = ['supervisor'] as const;
const FEED_ITEMS = 50;

export function creditRoutes(credit: CreditService): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/credit/query',
      summary:
        'Credit query (信用查询) by name or USCC: matching verified parties, their score and public records',
      tags: ['credit'],
      access: 'public',
      query: queryQuery,
      response: queryView,
      handler: async ({ query }) => ({ items: await credit.query(query.q) }),
    }),
    defineRoute({
      method: 'get',
      path: '/credit/parties/:uscc',
      summary:
        "A party's credit page: score, public records (all records to supervisors and the party itself)",
      tags: ['credit'],
      access: 'public',
      params: usccParams,
      response: partyPageView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => credit.partyPage(actor, params.uscc),
    }),
    defineRoute({
      method: 'get',
      path: '/credit/records/:id',
      summary: 'One credit record (public ones to all; restricted ones to supervisors and the subject)',
      tags: ['credit'],
      access: 'public',
      params: recordParams,
      response: recordView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => credit.get(actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/credit/export',
      summary:
        'Public credit records in the exchange format yangguang-credit/1 (README), oldest first, by cursor',
      tags: ['credit'],
      access: 'public',
      query: exportQuery,
      response: exportView,
      errors: { 422: 'INVALID_CURSOR | VALIDATION_FAILED' },
      handler: ({ query }) => credit.exportPage(query),
    }),
    defineRoute({
      method: 'get',
      path: '/credit/feed',
      summary: 'The newest public credit records as a JSON Feed 1.1 (each item carries the exchange record)',
      tags: ['credit'],
      access: 'public',
      response: feedView,
      handler: async () => {
        const records = await credit.latest(FEED_ITEMS);
        return {
          version: 'https://jsonfeed.org/version/1.1',
          title: '阳光交易平台 信用信息 (credit records)',
          home_page_url: '/#/credit',
          feed_url: '/api/v1/credit/feed',
          items: records.map((r) => ({
            id: r.id,
            title: `${r.subject.name}：${r.kindName}`,
            content_text: `${r.summary}（${r.basis}）`,
            date_published: r.recordedAt,
            _credit: r,
          })),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/credit/records/:id/objections',
      summary: 'The subject objects to a record (异议); it stays in effect until a supervisor decides',
      tags: ['credit'],
      access: SUBJECTS,
      params: recordParams,
      body: requestBody,
      status: 201,
      response: requestView,
      errors: {
        404: 'NOT_FOUND',
        409: 'CREDIT_RECORD_NOT_ACTIVE | CREDIT_REQUEST_PENDING | CREDIT_GOOD_RECORD',
      },
      handler: ({ ctx, params, body }) => credit.object(ctx, params.id, body.reason),
    }),
    defineRoute({
      method: 'post',
      path: '/credit/records/:id/repairs',
      summary: 'The subject applies for credit repair (信用修复) after the minimum publicity period',
      tags: ['credit'],
      access: SUBJECTS,
      params: recordParams,
      body: requestBody,
      status: 201,
      response: requestView,
      errors: {
        404: 'NOT_FOUND',
        409: 'REPAIR_TOO_EARLY | CREDIT_RECORD_NOT_ACTIVE | CREDIT_REQUEST_PENDING | CREDIT_GOOD_RECORD',
      },
      handler: ({ ctx, params, body }) => credit.applyForRepair(ctx, params.id, body.reason),
    }),
    defineRoute({
      method: 'get',
      path: '/credit/requests',
      summary: 'Objections and repair applications awaiting a decision (supervisors)',
      tags: ['credit'],
      access: SUPERVISORS,
      response: z.object({ items: z.array(requestView) }),
      handler: async () => ({ items: await credit.pendingRequests() }),
    }),
    defineRoute({
      method: 'post',
      path: '/credit/requests/:id/decision',
      summary:
        "A supervisor's decision on an objection (granted: record revoked) or a repair (granted: repaired)",
      tags: ['credit'],
      access: SUPERVISORS,
      params: recordParams,
      body: decisionBody,
      response: requestView,
      errors: { 404: 'NOT_FOUND', 409: 'CREDIT_REQUEST_DECIDED' },
      handler: ({ ctx, params, body }) => credit.decide(ctx, params.id, body),
    }),
  ];
}
