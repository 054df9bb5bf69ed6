import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events.js';
import type { Logger } from '../../platform/logger.js';
import { CatalogService } from './catalog.js';
import { ExpertCommittee } from './committee.js';
import { DrawAnswers } from './draw-answers.js';
import type { DrawModels } from './draw-models.js';
import { DrawsService, type DrawSettings } from './draws.js';
import { loadOrCreateIdNumberCipher } from './id-cipher.js';
import { ExpertInbox } from './inbox.js';
import type { ExpertModels } from './models.js';
import { ExpertNotifier, LoggingChannel, type NotificationChannel } from './notifications.js';
import { ExpertRatings } from './ratings.js';
import { ExpertSanctions } from './sanctions.js';
import { ExpertSelfService } from './self-service.js';
import { ExpertsService } from './service.js';
import type { IdentityPort, TendersPort } from './ports.js';

export interface ExpertModuleDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  log: Logger;
  identity: IdentityPort;
  tenders: TendersPort;
  keysDir: string;
  settings: DrawSettings;
  /** SMS or voice; logs by default. */
  channel?: NotificationChannel;
}

/** The expert pool and the draw, built by hand like the rest of the platform (compose.ts calls this once). */
export function createExpertModule(models: ExpertModels & DrawModels, deps: ExpertModuleDeps) {
  const { db, audit, clock, events, identity } = deps;
  const catalog = new CatalogService(models, { db, audit, clock });
  const cipher = loadOrCreateIdNumberCipher(deps.keysDir, deps.log);
  const poolDeps = { db, audit, clock, events, identity, catalog, cipher };
  const experts = new ExpertsService(models, poolDeps);
  const notifier = new ExpertNotifier(models, deps.channel ?? new LoggingChannel(deps.log), deps.log);
  const draws = new DrawsService(models, experts, {
    ...poolDeps,
    tenders: deps.tenders,
    notifier,
    settings: deps.settings,
  });
  const answers = new DrawAnswers(draws);
  return {
    catalog,
    experts,
    self: new ExpertSelfService(experts, poolDeps),
    sanctions: new ExpertSanctions(experts, poolDeps),
    draws,
    answers,
    /** The announced committee and the recusal after a declared conflict, for the evaluation module. */
    forEvaluation: new ExpertCommittee(draws, answers),
    inbox: new ExpertInbox(draws),
    ratings: new ExpertRatings(draws),
  };
}

export type ExpertModule = ReturnType<typeof createExpertModule>;
