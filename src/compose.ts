import { AuditLog } from './platform/audit/audit-log.js';
import { initAuditModels } from './platform/audit/models.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { migrate } from './platform/db/migrator.js';
import { useClockForTimestamps } from './platform/db/clock-timestamps.js';
import { EventBus } from './platform/events.js';
import { loadOrCreatePlatformKeys, type PlatformKeys } from './platform/keys/platform-keys.js';
import { createLogger, type Logger } from './platform/logger.js';
import { initCertificateModels } from './modules/certificates/models.js';
import { CertificatesService } from './modules/certificates/service.js';
import { initIdentityModels } from './modules/identity/models.js';
import { IdentityService } from './modules/identity/service.js';
import { initPartyModels } from './modules/parties/models.js';
import { PartiesService } from './modules/parties/service.js';

/** Everything the server runs on, built once by hand (the composition root; no DI framework). */
export interface Platform {
  config: Config;
  log: Logger;
  clock: Clock;
  db: Database;
  events: EventBus;
  keys: PlatformKeys;
  audit: AuditLog;
  identity: IdentityService;
  parties: PartiesService;
  certificates: CertificatesService;
  close(): Promise<void>;
}

export interface ComposeOptions {
  clock?: Clock;
  log?: Logger;
  /** scrypt cost as log2(N); production keeps the default. */
  passwordLogN?: number;
}

export async function composePlatform(config: Config, opts: ComposeOptions = {}): Promise<Platform> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const clock = opts.clock ?? systemClock;
  const db = await openDatabase(config.DATABASE_URL, log);
  await migrate(db, log);
  for (const init of [initAuditModels, initIdentityModels, initPartyModels, initCertificateModels]) init(db.sequelize);
  useClockForTimestamps(db.sequelize, clock);

  const events = new EventBus(log);
  const keys = loadOrCreatePlatformKeys(config.KEYS_DIR, clock, log);
  const audit = new AuditLog(clock, keys.signer, config.AUDIT_CHECKPOINT_EVERY);
  const identity = new IdentityService({
    db,
    audit,
    clock,
    events,
    sessionTtlMs: config.SESSION_TTL_HOURS * 3600_000,
    passwordLogN: opts.passwordLogN ?? 15,
  });
  const parties = new PartiesService({ db, audit, clock, events, identity });
  const certificates = new CertificatesService({ db, audit, clock, events, keys, parties });

  return { config, log, clock, db, events, keys, audit, identity, parties, certificates, close: () => db.close() };
}
