import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events.js';
import type { Logger } from '../../platform/logger.js';
import type { Realtime } from '../../platform/realtime/index.js';
import { HallGateway } from './gateway.js';
import type { OpeningHallModels } from './models.js';
import type { BidderRoster, OpeningProgressSource } from './progress.js';
import { OpeningRelay, type HallBroadcaster } from './relay.js';
import { HallService } from './service.js';
import { HallSnapshots } from './snapshot.js';
import { HallWriter } from './writer.js';
import type { PartiesPort, TendersPort } from './ports.js';

export interface OpeningHallDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  log: Logger;
  tenders: TendersPort;
  parties: PartiesPort;
  bids: BidderRoster;
  opening: OpeningProgressSource;
  trustProxy: boolean;
}

export interface OpeningHallModule {
  service: HallService;
  snapshots: HallSnapshots;
  relay: OpeningRelay;
  /** Opens the hall's Socket.IO namespaces on the server's Realtime (src/server.ts; tests' servers). */
  attach(realtime: Realtime): HallGateway;
}

const nobody: HallBroadcaster = { event: () => undefined, progress: () => undefined };

/**
 * The opening hall (开标大厅, issue 5): built with the platform; its relay is a durable consumer of the event
 * stream, so the opening's steps are stored in the hall whenever the platform's consumers run (src/server.ts
 * starts them), with or without a socket listening; the sockets come when the server attaches its Realtime.
 */
export function createOpeningHall(models: OpeningHallModels, deps: OpeningHallDeps): OpeningHallModule {
  const writer = new HallWriter(models, deps);
  const service = new HallService(models, writer, deps);
  const snapshots = new HallSnapshots(models, deps);
  let broadcaster: HallBroadcaster = nobody;
  const relay = new OpeningRelay(writer, deps.opening, () => broadcaster, deps.events);
  relay.subscribe();
  return {
    service,
    snapshots,
    relay,
    attach(realtime) {
      const gateway = new HallGateway(realtime, { ...deps, service, snapshots });
      broadcaster = gateway;
      return gateway;
    },
  };
}
