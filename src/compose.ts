import { AuditLog } from './platform/audit/audit-log.js';
import { initAuditModels, type AuditModels } from './platform/audit/models.js';
import { systemClock, type Clock } from './platform/clock.js';
import { connectRedisCluster, localCluster } from './platform/cluster/index.js';
import type { Config } from './platform/config.js';
import { openDatabase } from './platform/db/database.js';
import { migrate } from './platform/db/migrator.js';
import { useClockForTimestamps } from './platform/db/clock-timestamps.js';
import { EventBus } from './platform/events.js';
import { initJobModels, JobQueue, type JobModels } from './platform/jobs/index.js';
import { loadOrCreatePlatformKeys } from './platform/keys/platform-keys.js';
import { createLogger, type Logger } from './platform/logger.js';
import type { Kernel, ModuleApis } from './platform/modules/contract.js';
import { ModuleRegistry } from './platform/modules/registry.js';
import { FileBlobStore } from './platform/storage/file-blob-store.js';
import { MODULES } from './modules/index.js';

type Registered = (typeof MODULES)[number];
type ModelsOf<M> = M extends { models?: (...args: never[]) => infer R } ? R : never;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every model bound to the platform's database: the kernel's and each registered module's. */
export type PlatformModels = AuditModels & JobModels & Intersection<ModelsOf<Registered>>;

/**
 * Everything the server runs on, built once by hand (the composition root; no DI framework): the kernel,
 * and each registered module's API under its name (`platform.tenders`, `platform.bids`, ...).
 */
export type Platform = Kernel &
  ModuleApis & {
    /** The models bound to this platform's database (tests read rows through them). */
    models: PlatformModels;
    modules: ModuleRegistry;
    close(): Promise<void>;
  };

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
  const kernelModels = { ...initAuditModels(db.sequelize), ...initJobModels(db.sequelize) };
  const moduleModels = ModuleRegistry.bindModels(MODULES, db.sequelize);
  useClockForTimestamps(db.sequelize, clock);

  const keys = loadOrCreatePlatformKeys(config.KEYS_DIR, clock, log);
  const cluster = config.REDIS_URL ? await connectRedisCluster(config.REDIS_URL, log) : localCluster();
  const kernel: Kernel = {
    config,
    log,
    clock,
    db,
    events: new EventBus({ db, clock, log }),
    keys,
    audit: new AuditLog(kernelModels, clock, keys.signer, config.AUDIT_CHECKPOINT_EVERY),
    jobs: new JobQueue(kernelModels),
    blobs: new FileBlobStore(config.STORAGE_DIR),
    cluster,
    passwordLogN: opts.passwordLogN ?? 15,
  };
  const modules = ModuleRegistry.create(MODULES, kernel, moduleModels);
  const models = Object.assign({}, kernelModels, ...moduleModels.values()) as PlatformModels;

  return {
    ...kernel,
    ...modules.apis,
    models,
    modules,
    close: async () => {
      try {
        await kernel.events.consumers.stop(); // the event being handled commits or rolls back first
        await modules.close();
      } finally {
        await cluster.close();
        await db.close();
      }
    },
  };
}
