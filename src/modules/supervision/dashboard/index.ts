import type { Clock } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import type { EventBus } from '../../../platform/events.js';
import { defineRoute, type AnyRoute } from '../../../platform/http/route.js';
import type { Realtime } from '../../../platform/realtime/index.js';
import type { AlertView } from '../schemas.js';
import { DashboardFeed } from './feed.js';
import { SupervisionGateway } from './gateway.js';
import { Overview } from './overview.js';
import { overviewQuery, overviewView } from './schemas.js';

export interface DashboardDeps {
  db: Database;
  clock: Clock;
  events: EventBus;
  alerts: { get(id: string): Promise<AlertView> };
}

/** The supervisors' live dashboard: the overview read and the feed behind `/supervision`. */
export interface Dashboard {
  overview: Overview;
  feed: DashboardFeed;
  clock: Clock;
}

export function createDashboard(deps: DashboardDeps): Dashboard {
  return { overview: new Overview(deps), feed: new DashboardFeed(deps), clock: deps.clock };
}

export function dashboardRoutes(dashboard: Dashboard): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/supervision/overview',
      summary:
        'The dashboard: tenders by stage, a 30-day trend, today’s openings and evaluations, open alerts, overdue items',
      tags: ['supervision'],
      access: ['supervisor'],
      query: overviewQuery,
      response: overviewView,
      errors: { 422: 'VALIDATION_FAILED' },
      handler: ({ query }) => dashboard.overview.read(query),
    }),
  ];
}

/** Opens `/supervision` (the module's `sockets` seam, when the server has a Realtime). */
export function dashboardSockets(dashboard: Dashboard, realtime: Realtime): SupervisionGateway {
  return new SupervisionGateway(realtime, { feed: dashboard.feed, clock: dashboard.clock });
}
