import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Sequelize, Transaction } from 'sequelize';
import type { Logger } from '../logger.js';

export type Dialect = 'sqlite' | 'mysql';

const DEADLOCK_ATTEMPTS = 3;
/** ER_LOCK_DEADLOCK: the server rolled the whole transaction back to break a deadlock. */
const ER_LOCK_DEADLOCK = 1213;

export function isDeadlockVictim(err: unknown): boolean {
  const cause = (err as { parent?: { errno?: number } } | null)?.parent;
  return cause?.errno === ER_LOCK_DEADLOCK;
}

/**
 * The database handle: Sequelize plus the one way to run a unit of work. Every state change goes through
 * `transaction()`, which also makes SQLite's single writer safe: writers queue here instead of failing
 * with SQLITE_BUSY, and MySQL/MariaDB run them concurrently under row locks.
 */
export class Database {
  private writeQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly sequelize: Sequelize,
    readonly dialect: Dialect,
  ) {}

  transaction<T>(work: (t: Transaction) => Promise<T>): Promise<T> {
    if (this.dialect !== 'sqlite') return this.sequelize.transaction(work);
    const run = () => this.sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, work);
    const result = this.writeQueue.then(run, run);
    this.writeQueue = result.catch(() => undefined);
    return result;
  }

  /**
   * As transaction(), and run again (at most DEADLOCK_ATTEMPTS times in all) when MySQL/MariaDB rolls it back
   * as a deadlock's victim, as MySQL's manual says applications should. Only for work whose effects are all
   * in the transaction (events published after the commit, nothing written elsewhere): the rolled-back
   * attempt left nothing behind. Two custodians releasing shares for two tenders through two nodes met one.
   */
  async retryingDeadlocks<T>(work: (t: Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transaction(work);
      } catch (err) {
        if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlockVictim(err)) throw err;
      }
    }
  }

  async ping(): Promise<void> {
    await this.sequelize.query('SELECT 1');
  }

  close(): Promise<void> {
    return this.sequelize.close();
  }
}

/** Opens `sqlite:<path>` (directory created on first start) or `mysql://` / `mariadb://` URLs. */
export async function openDatabase(url: string, log?: Logger): Promise<Database> {
  const logging = log ? (sql: string) => log.trace({ sql }, 'sql') : false;
  if (url.startsWith('sqlite:')) {
    const storage = url.slice('sqlite:'.length) || ':memory:';
    if (storage !== ':memory:') mkdirSync(dirname(resolve(storage)), { recursive: true });
    const sequelize = new Sequelize({ dialect: 'sqlite', storage, logging, define: { underscored: true } });
    // WAL lets readers go on while the single writer commits.
    if (storage !== ':memory:') await sequelize.query('PRAGMA journal_mode=WAL');
    return new Database(sequelize, 'sqlite');
  }
  const sequelize = new Sequelize(url.replace(/^mariadb:/, 'mysql:'), {
    dialect: 'mysql',
    logging,
    timezone: '+00:00',
    define: { underscored: true, charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
    pool: { max: 10, min: 0, idle: 10_000 },
  });
  await sequelize.authenticate();
  return new Database(sequelize, 'mysql');
}
