import { defineRoute, type AnyRoute } from '../../../platform/http/route.js';
import { digestDateParams, digestList, digestView } from './schemas.js';
import type { DigestService } from './service.js';

/** Supervisors only: the digest names tenders and the alerts on them. */
const SUPERVISORS = ['supervisor'] as const;

export function digestRoutes(digests: DigestService): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/supervision/digests',
      summary:
        'The daily digests, newest first (at most 90): one per Beijing day, composed at 08:00 the next day',
      tags: ['supervision'],
      access: SUPERVISORS,
      response: digestList,
      handler: () => digests.list(),
    }),
    defineRoute({
      method: 'get',
      path: '/supervision/digests/:date',
      summary:
        "One Beijing day's digest: alerts by indicator and severity, stale alerts, watchdog findings, openings, evaluations",
      tags: ['supervision'],
      access: SUPERVISORS,
      params: digestDateParams,
      response: digestView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ params }) => digests.get(params.date),
    }),
  ];
}
