/**
 * One "server node" for test/event-stream-processes.test.ts: the event stream's consumers on the database
 * named by DATABASE_URL, on the system clock, running one consumer that records each event it handles in
 * consumed_events (one row per handling, no unique key, so a double handling shows as two rows) in the
 * transaction that moves its cursor. It exits once its cursor reaches EXIT_AT_SEQ. With CRASH_AT_SEQ set, it
 * kills itself with SIGKILL inside the handler of that event, after writing its row and before the commit.
 */
import { DataTypes, Model } from 'sequelize';
import { systemClock } from '../../src/platform/clock.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { EventBus } from '../../src/platform/events.js';
import { createLogger } from '../../src/platform/logger.js';
import './probe-events.js';

const env = (name: string) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const consumer = 'process-probe';
const holder = env('HOLDER');
const exitAt = Number(env('EXIT_AT_SEQ'));
const crashAt = process.env.CRASH_AT_SEQ ? Number(process.env.CRASH_AT_SEQ) : null;
const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

class Consumed extends Model {
  declare seq: number;
  declare holder: string;
}

const db = await openDatabase(env('DATABASE_URL'));
Consumed.init(
  {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    seq: { type: DataTypes.BIGINT, allowNull: false },
    holder: { type: DataTypes.STRING(100), allowNull: false },
  },
  { sequelize: db.sequelize, tableName: 'consumed_events', underscored: true, timestamps: false },
);
const events = new EventBus({ db, clock: systemClock, log });
events.consume(
  consumer,
  async (t, event) => {
    await Consumed.create({ seq: event.seq, holder }, { transaction: t });
    if (event.seq === crashAt) process.kill(process.pid, 'SIGKILL');
  },
  { batchSize: 7 },
);
// Events come from another process: no in-process wake-up, the poll finds them.
events.consumers.start(20);
console.log('ready');

const deadline = systemClock.now().getTime() + 50_000;
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const cursor = await events.models.EventCursor.findByPk(consumer).catch(() => null);
  if (cursor && Number(cursor.lastSeq) >= exitAt) break;
  if (systemClock.now().getTime() > deadline) {
    console.error(`gave up: cursor at ${cursor?.lastSeq ?? 'none'} after 50 s`);
    process.exitCode = 2;
    break;
  }
}
await events.consumers.stop();
await db.close();
