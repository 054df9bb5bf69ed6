import type { Socket } from 'socket.io';
import type { SupervisionServerEvents } from '../../../contracts/supervision-dashboard.js';
import type { Clock } from '../../../platform/clock.js';
import { endSession, type Realtime, type RealtimeNamespace } from '../../../platform/realtime/index.js';
import type { DashboardFeed } from './feed.js';

export const SUPERVISION_NAMESPACE = '/supervision';

export interface SupervisionGatewayDeps {
  feed: DashboardFeed;
  clock: Clock;
}

/**
 * `/supervision` on Socket.IO: supervisors only (the handshake's session must be a supervisor's; anyone else
 * gets `connect_error` "FORBIDDEN"), push only. It sends `alert` with each alert step and `changed` (coalesced)
 * when the tenders, bids, openings, evaluations, complaints or alerts move; the page then refetches
 * GET /supervision/overview, which answers from the database. Clients send nothing, so the kit's check of
 * the session's expiry on each incoming event never runs: each push checks it instead.
 */
export class SupervisionGateway {
  readonly ns: RealtimeNamespace<SupervisionServerEvents>;
  readonly detach: () => void;

  constructor(realtime: Realtime, deps: SupervisionGatewayDeps) {
    this.ns = realtime.namespace<SupervisionServerEvents>(SUPERVISION_NAMESPACE);
    // Runs after the namespace's own authentication, which has set the actor.
    this.ns.use((socket, next) => {
      if (socket.data.actor?.role === 'supervisor') return next();
      next(new Error('FORBIDDEN'));
    });
    // No client events: anything sent is answered UNKNOWN_EVENT by the kit.
    realtime.serve(this.ns, [], { trustProxy: false });
    const live = () => this.dropExpired(deps.clock.now().getTime());
    this.detach = deps.feed.attach({
      alert: (push) => {
        live();
        this.ns.emit('alert', push);
      },
      changed: (push) => {
        live();
        this.ns.emit('changed', push);
      },
    });
  }

  /** Ends this node's sockets whose session has expired, before anything more is pushed to them. */
  private dropExpired(now: number): void {
    for (const socket of this.ns.sockets.values()) {
      const actor = socket.data.actor;
      if (actor && actor.sessionExpiresAt.getTime() > now) continue;
      endSession(socket as unknown as Socket);
    }
  }
}
