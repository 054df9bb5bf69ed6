import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { feedQuery, noticeFeed, noticeIdParams, noticeView } from './schemas.js';
import type { NoticesService } from './service.js';

/** The public notice feed: no account needed to read what was published (EB Art.9). */
export function noticeRoutes(notices: NoticesService): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/notices',
      summary:
        'Notices (公告), most recently changed first (dateModified DESC, id DESC); filter by region prefix, ' +
        "category, the tender's status, kind, dateModified range and title words. To follow changes, poll with " +
        '`from` set to the newest dateModified already seen.',
      tags: ['notices'],
      access: 'public',
      query: feedQuery,
      response: noticeFeed,
      errors: { 422: 'VALIDATION_FAILED | INVALID_CURSOR' },
      handler: async ({ query, actor, req }) => {
        const generation = notices.feedCache.begin();
        const page = await notices.list(query);
        if (!actor) notices.feedCache.store(req.originalUrl, generation, page);
        return page;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/notices/:id',
      summary: 'One notice with its full text',
      tags: ['notices'],
      access: 'public',
      params: noticeIdParams,
      response: noticeView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ params }) => notices.get(params.id),
    }),
  ];
}
