import { defineModule } from '../../platform/modules/contract.js';
import { initNoticeModels } from './models.js';
import { noticeRoutes } from './routes.js';
import { NoticesService } from './service.js';

/** Notices (公告) generated from the tenders' lifecycle, and their public feed. */
export const publicationModule = defineModule({
  name: 'notices',
  models: initNoticeModels,
  create: ({ config, events, cluster, log }, models, { tenders }) => {
    const notices = new NoticesService(models, {
      events,
      tenders,
      publicUrl: config.PUBLIC_URL,
      platformName: config.PLATFORM_NAME,
      feedCacheMs: config.FEED_CACHE_MS,
      cluster,
      log,
    });
    notices.subscribe();
    return notices;
  },
  routes: (notices) => noticeRoutes(notices),
  // The public feed's microcache answers repeat anonymous reads before the API's middleware runs.
  earlyRoutes: (notices) => [{ path: '/notices', handler: notices.feedCache.serve }],
});

declare module '../../platform/modules/contract.js' {
  interface ModuleApis {
    notices: NoticesService;
  }
}

// What other modules may use of this one (they import nothing else from this folder).
export { EVALUATION_NAMES, METHOD_NAMES } from './format.js';
export { evaluationPlanText } from './evaluation-plan-text.js';
export type { NoticesService } from './service.js';
