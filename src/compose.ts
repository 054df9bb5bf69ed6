import { AuditLog } from './platform/audit/audit-log.js';
import { initAuditModels, type AuditModels } from './platform/audit/models.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { migrate } from './platform/db/migrator.js';
import { useClockForTimestamps } from './platform/db/clock-timestamps.js';
import { EventBus } from './platform/events.js';
import { loadOrCreatePlatformKeys, type PlatformKeys } from './platform/keys/platform-keys.js';
import { createLogger, type Logger } from './platform/logger.js';
import { initCertificateModels, type CertificateModels } from './modules/certificates/models.js';
import { CertificatesService } from './modules/certificates/service.js';
import { initIdentityModels, type IdentityModels } from './modules/identity/models.js';
import { IdentityService } from './modules/identity/service.js';
import { initPartyModels, type PartyModels } from './modules/parties/models.js';
import { PartiesService } from './modules/parties/service.js';
import { initTenderModels, type TenderModels } from './modules/tenders/models.js';
import { TendersService } from './modules/tenders/service.js';
import { initDocumentModels, type DocumentModels } from './modules/documents/models.js';
import { DocumentsService } from './modules/documents/service.js';
import type { BlobStore } from './platform/storage/blob-store.js';
import { FileBlobStore } from './platform/storage/file-blob-store.js';
import { TenderEnquiries } from './modules/tenders/enquiries.js';
import { initNoticeModels, type NoticeModels } from './modules/publication/models.js';
import { NoticesService } from './modules/publication/service.js';
import { initOpenDataModels, type OpenDataModels } from './modules/open-data/models.js';
import { OpenDataService } from './modules/open-data/service.js';
import { initBidModels, type BidModels } from './modules/bids/models.js';
import { BidsService } from './modules/bids/service.js';
import { initJobModels, JobQueue, type JobModels } from './platform/jobs/index.js';
import { initOpeningModels, type OpeningModels } from './modules/opening/models.js';
import { createOpeningModule, type OpeningModule } from './modules/opening/module.js';
import { bidsForOpening } from './modules/bids/opening-access.js';
import { initOpeningHallModels, type OpeningHallModels } from './modules/opening-hall/models.js';
import { createOpeningHall, type OpeningHallModule } from './modules/opening-hall/module.js';
import { openingProgressSource } from './modules/opening-hall/opening-source.js';
import { auditWitness } from './modules/opening-hall/witness.js';
import { initExpertModels, type ExpertModels } from './modules/experts/models.js';
import { initDrawModels, type DrawModels } from './modules/experts/draw-models.js';
import { createExpertModule, type ExpertModule } from './modules/experts/module.js';

export type PlatformModels = AuditModels &
  IdentityModels &
  PartyModels &
  CertificateModels &
  TenderModels &
  DocumentModels &
  NoticeModels &
  OpenDataModels &
  BidModels &
  JobModels &
  OpeningModels &
  OpeningHallModels &
  ExpertModels &
  DrawModels;

/** Everything the server runs on, built once by hand (the composition root; no DI framework). */
export interface Platform {
  config: Config;
  log: Logger;
  clock: Clock;
  db: Database;
  /** The models bound to this platform's database. */
  models: PlatformModels;
  events: EventBus;
  keys: PlatformKeys;
  audit: AuditLog;
  identity: IdentityService;
  parties: PartiesService;
  certificates: CertificatesService;
  tenders: TendersService;
  blobs: BlobStore;
  documents: DocumentsService;
  enquiries: TenderEnquiries;
  notices: NoticesService;
  openData: OpenDataService;
  bids: BidsService;
  /** The expert pool and the random draw (src/modules/experts). */
  experts: ExpertModule;
  /** Durable deadline work; src/server.ts runs it (JobRunner), modules schedule and register handlers. */
  jobs: JobQueue;
  /** The opening at the deadline (开标): its job, key releases and records (src/modules/opening). */
  opening: OpeningModule;
  /** The live opening hall (开标大厅): check-ins, objections, relayed progress (src/modules/opening-hall). */
  openingHall: OpeningHallModule;
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
  const models = {
    ...initAuditModels(db.sequelize),
    ...initIdentityModels(db.sequelize),
    ...initPartyModels(db.sequelize),
    ...initCertificateModels(db.sequelize),
    ...initTenderModels(db.sequelize),
    ...initDocumentModels(db.sequelize),
    ...initNoticeModels(db.sequelize),
    ...initOpenDataModels(db.sequelize),
    ...initBidModels(db.sequelize),
    ...initJobModels(db.sequelize),
    ...initOpeningModels(db.sequelize),
    ...initOpeningHallModels(db.sequelize),
    ...initExpertModels(db.sequelize),
    ...initDrawModels(db.sequelize),
  };
  useClockForTimestamps(db.sequelize, clock);
  const jobs = new JobQueue(models);

  const events = new EventBus(log);
  const keys = loadOrCreatePlatformKeys(config.KEYS_DIR, clock, log);
  const audit = new AuditLog(models, clock, keys.signer, config.AUDIT_CHECKPOINT_EVERY);
  const identity = new IdentityService(models, {
    db,
    audit,
    clock,
    events,
    sessionTtlMs: config.SESSION_TTL_HOURS * 3600_000,
    passwordLogN: opts.passwordLogN ?? 15,
  });
  const parties = new PartiesService(models, { db, audit, clock, events, identity });
  const certificates = new CertificatesService(models, { db, audit, clock, events, keys, parties });
  const tenderDeps = { db, audit, clock, events, parties, identity, certificates };
  const tenders = new TendersService(models, tenderDeps);
  const blobs = new FileBlobStore(config.STORAGE_DIR);
  const maxBytes = config.DOCUMENT_MAX_MB * 2 ** 20;
  const documents = new DocumentsService(models, {
    db,
    audit,
    clock,
    events,
    blobs,
    tenders,
    parties,
    maxBytes,
  });
  const enquiries = new TenderEnquiries(tenders, tenderDeps);
  const notices = new NoticesService(models, {
    events,
    tenders,
    publicUrl: config.PUBLIC_URL,
    platformName: config.PLATFORM_NAME,
    feedCacheMs: config.FEED_CACHE_MS,
  });
  notices.subscribe();
  const openData = new OpenDataService(models, {
    events,
    tenders,
    clock,
    publicUrl: config.PUBLIC_URL,
    publisherName: config.PLATFORM_NAME,
    ocdsPrefix: config.OCDS_PREFIX,
  });
  openData.subscribe();
  const bids = new BidsService(models, {
    db,
    audit,
    clock,
    events,
    blobs,
    tenders,
    parties,
    certificates,
    signer: keys.signer,
    maxBytes: config.BID_MAX_MB * 2 ** 20,
  });
  const experts = createExpertModule(models, {
    db,
    audit,
    clock,
    events,
    log,
    identity,
    tenders,
    keysDir: config.KEYS_DIR,
    settings: {
      minCreditScore: config.EXPERT_MIN_CREDIT,
      sameTendereeCooldownDays: config.EXPERT_COOLDOWN_DAYS,
      respondMinutes: config.EXPERT_RESPOND_MINUTES,
    },
  });
  const opening = createOpeningModule(models, {
    db,
    audit,
    clock,
    events,
    jobs,
    signer: keys.signer,
    blobs,
    bids: bidsForOpening(models, blobs),
    tenders,
    parties,
    notices,
    openData,
    windowMs: config.OPENING_WINDOW_MINUTES * 60_000,
    pollMs: config.OPENING_POLL_SECONDS * 1000,
    keysDir: config.KEYS_DIR,
    log,
  });
  const openingHall = createOpeningHall(models, {
    db,
    audit,
    clock,
    events,
    log,
    tenders,
    parties,
    bids: bidsForOpening(models, blobs),
    opening: openingProgressSource(opening.reads, tenders, models),
    witness: auditWitness(models, identity),
    trustProxy: config.TRUST_PROXY,
  });

  return {
    config,
    log,
    clock,
    db,
    models,
    events,
    keys,
    audit,
    identity,
    parties,
    certificates,
    tenders,
    blobs,
    documents,
    enquiries,
    notices,
    openData,
    bids,
    experts,
    jobs,
    opening,
    openingHall,
    close: async () => {
      await opening.close(); // its decrypt worker threads
      await db.close();
    },
  };
}
