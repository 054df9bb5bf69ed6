import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import {
  recordPackageView,
  releaseFeedQuery,
  releaseFeedView,
  releasePackageView,
  tenderIdParams,
} from './schemas.js';
import type { OpenDataService } from './service.js';

/** OCDS 1.1 export of every public tender (docs/design.md §9), free to all (EB Art.9). */
export function openDataRoutes(openData: OpenDataService): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/ocds/tenders/:id/releases',
      summary: "A tender's OCDS releases, one per public step, in a release package",
      tags: ['open data'],
      access: 'public',
      params: tenderIdParams,
      response: releasePackageView,
      errors: { 404: 'NOT_FOUND (no such tender, or a draft)' },
      handler: ({ params }) => openData.releasePackage(params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/ocds/tenders/:id/record',
      summary: "A tender's OCDS record: all its releases and the compiled release, in a record package",
      tags: ['open data'],
      access: 'public',
      params: tenderIdParams,
      response: recordPackageView,
      errors: { 404: 'NOT_FOUND (no such tender, or a draft)' },
      handler: ({ params }) => openData.recordPackage(params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/ocds/releases',
      summary:
        'Every OCDS release of every tender, oldest first (date, id), for harvesters; page with the cursor',
      tags: ['open data'],
      access: 'public',
      query: releaseFeedQuery,
      response: releaseFeedView,
      errors: { 422: 'VALIDATION_FAILED | INVALID_CURSOR' },
      handler: ({ query }) => openData.feed(query),
    }),
  ];
}
