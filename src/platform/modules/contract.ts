import type { RequestHandler } from 'express';
import type { ModelStatic, Sequelize } from 'sequelize';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { Cluster } from '../cluster/index.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { EventBus } from '../events.js';
import type { AnyRoute } from '../http/route.js';
import type { JobQueue } from '../jobs/index.js';
import type { PlatformKeys } from '../keys/platform-keys.js';
import type { Logger } from '../logger.js';
import type { Realtime } from '../realtime/index.js';
import type { Job } from '../scheduler.js';
import type { BlobStore } from '../storage/blob-store.js';

/** What the platform gives every module: the shared services below the modules, none of them a module. */
export interface Kernel {
  config: Config;
  log: Logger;
  clock: Clock;
  db: Database;
  events: EventBus;
  keys: PlatformKeys;
  audit: AuditLog;
  /** Durable deadline work: modules register handlers and schedule jobs in `create`. */
  jobs: JobQueue;
  blobs: BlobStore;
  /** What the nodes share beyond the database: one node alone, or several on Redis (REDIS_URL). */
  cluster: Cluster;
  /** scrypt cost as log2(N) for new passwords; tests lower it, production keeps 15. */
  passwordLogN: number;
}

/**
 * Each module's public API, by the name it is registered under. A module adds itself by declaration
 * merging in its `index.ts`:
 *   declare module '../../platform/modules/contract.js' { interface ModuleApis { tenders: TendersService } }
 * `platform.tenders` is then typed, and a later module's `create` can take it from `modules.tenders`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleApis {}

export type ModuleName = keyof ModuleApis;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelSet = Record<string, ModelStatic<any>>;

/**
 * One module, one shape. Everything is optional but `name` and `create`, so a module declares only the
 * seams it uses; the platform (src/compose.ts, src/app.ts, src/server.ts) walks the registry
 * (src/modules/index.ts) for each seam, and adding a module touches its folder and that list only.
 */
export interface PlatformModule<N extends ModuleName, M extends ModelSet = ModelSet> {
  name: N;
  /** Binds the module's own models to the database (its tables come from migrations/). */
  models?(sequelize: Sequelize): M;
  /**
   * Builds the module's API from the kernel, its own models and the modules registered before it (a module
   * asked for before it is built is a wiring error, thrown at start). Durable job handlers
   * (`kernel.jobs`) and event consumers (`kernel.events.consume`) are registered here.
   */
  create(kernel: Kernel, models: M, modules: ModuleApis): ModuleApis[N];
  /** Its REST routes, mounted under /api/v1 and listed in the OpenAPI document. */
  routes?(api: ModuleApis[N], kernel: Kernel, modules: ModuleApis): AnyRoute[];
  /**
   * Routes answered before the API's body parsing and authentication, under /api/v1 (the public notice
   * feed's microcache): plain express handlers that call `next()` for what they do not answer.
   */
  earlyRoutes?(api: ModuleApis[N]): { path: string; handler: RequestHandler }[];
  /** Its Socket.IO namespaces, opened when the server has a Realtime (tests without sockets skip this). */
  sockets?(api: ModuleApis[N], realtime: Realtime): void;
  /** Periodic due-work the scheduler runs every second on every node (each job re-checks under row locks). */
  tasks?(api: ModuleApis[N]): Job[];
  /** Releases what the module holds beyond the database (worker threads); runs before the database closes. */
  close?(api: ModuleApis[N]): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = PlatformModule<any, any>;

/** Declares a module; the identity function keeps its name and models precisely typed for the registry. */
export function defineModule<N extends ModuleName, M extends ModelSet = ModelSet>(
  module: PlatformModule<N, M>,
): PlatformModule<N, M> {
  return module;
}
