import { defineRoute } from '../../platform/http/route.js';
import type { OpeningHallModule } from './module.js';
import { hallParams, hallQuery, hallSnapshotView } from './schemas.js';

/** The hall's state for a first load (the socket's join answers the same after a reconnect). */
export function openingHallRoutes(hall: OpeningHallModule) {
  return [
    defineRoute({
      method: 'get',
      path: '/tenders/:tenderId/opening-hall',
      summary:
        "The opening hall's current state for the caller: countdown, check-ins, objections, each bid's progress " +
        '(names, ids and addresses for supervisors only; prices only in a published record), and the events ' +
        'after `after`',
      tags: ['opening'],
      access: 'public',
      params: hallParams,
      query: hallQuery,
      response: hallSnapshotView,
      errors: { 404: 'NOT_FOUND' },
      handler: async ({ params, query, actor }) =>
        hall.snapshots.build(actor, await hall.service.tender(params.tenderId), query.after ?? 0),
    }),
  ];
}
