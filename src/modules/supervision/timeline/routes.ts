import type { Kernel, ModuleApis } from '../../../platform/modules/contract.js';
import { defineRoute, type AnyRoute } from '../../../platform/http/route.js';
import { timelineParams, timelineQuery, timelineView } from './schemas.js';
import { TenderTimeline } from './service.js';

/** Supervisors only: the timeline names every actor, their party and their address. */
const SUPERVISORS = ['supervisor'] as const;

export function timelineRoutes(
  { db, audit }: Pick<Kernel, 'db' | 'audit'>,
  modules: Pick<ModuleApis, 'tenders' | 'identity' | 'parties'>,
): AnyRoute[] {
  const timeline = new TenderTimeline({
    db,
    audit,
    tenders: modules.tenders,
    identity: modules.identity,
    parties: modules.parties,
  });
  return [
    defineRoute({
      method: 'get',
      path: '/supervision/tenders/:id/timeline',
      summary:
        "A tender's audited steps and its bids', draws', evaluation's, alerts', instructions' and complaints', " +
        'oldest first, with actor, party and IP; paged by cursor (at most 1000 a page)',
      tags: ['supervision'],
      access: SUPERVISORS,
      params: timelineParams,
      query: timelineQuery,
      response: timelineView,
      errors: { 404: 'NOT_FOUND', 422: 'VALIDATION_FAILED' },
      handler: ({ params, query }) => timeline.page(params.id, query),
    }),
  ];
}
