import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { alertIdParams, alertList, alertListQuery, alertView, resolutionBody } from './schemas.js';
import type { AlertWorkflow } from './workflow.js';

/** Supervisors only: the alerts name bidders, addresses and prices, and only oversight acts on them. */
const SUPERVISORS = ['supervisor'] as const;

export function supervisionRoutes(alerts: AlertWorkflow): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/supervision/alerts',
      summary: 'Red-flag alerts the screens raised, newest first (at most 500), by status and tender',
      tags: ['supervision'],
      access: SUPERVISORS,
      query: alertListQuery,
      response: alertList,
      handler: async ({ query }) => ({ items: await alerts.list(query) }),
    }),
    defineRoute({
      method: 'get',
      path: '/supervision/alerts/:id',
      summary: 'One alert with its evidence: the events that show it and what they say',
      tags: ['supervision'],
      access: SUPERVISORS,
      params: alertIdParams,
      response: alertView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ params }) => alerts.get(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/supervision/alerts/:id/acknowledgement',
      summary: 'Take up an open alert (open → acknowledged); audited',
      tags: ['supervision'],
      access: SUPERVISORS,
      params: alertIdParams,
      response: alertView,
      errors: { 404: 'NOT_FOUND', 409: 'ALERT_WRONG_STATUS' },
      handler: ({ ctx, params }) => alerts.acknowledge(ctx, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/supervision/alerts/:id/resolution',
      summary:
        'Resolve an acknowledged alert with a conclusion (dismissed, warning, case-opened) and a note; audited',
      tags: ['supervision'],
      access: SUPERVISORS,
      params: alertIdParams,
      body: resolutionBody,
      response: alertView,
      errors: { 404: 'NOT_FOUND', 409: 'ALERT_WRONG_STATUS', 422: 'VALIDATION_FAILED' },
      handler: ({ ctx, params, body }) => alerts.resolve(ctx, params.id, body),
    }),
  ];
}
