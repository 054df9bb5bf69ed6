/**
 * One "server node" for test/jobs-processes.test.ts: a job runner on the database named by DATABASE_URL,
 * on the system clock, running the 'probe' jobs the test scheduled. Each run is recorded in job_runs (one
 * row per run, no unique key, so a double run shows as two rows). It exits once no probe job is left to
 * run. With CRASH_KEY set, the process that starts that job's first attempt kills itself with SIGKILL
 * mid-run, as a crashed node would.
 */
import { DataTypes, Model } from 'sequelize';
import { systemClock } from '../../src/platform/clock.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { useClockForTimestamps } from '../../src/platform/db/clock-timestamps.js';
import { initJobModels, JobQueue, JobRunner } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { eventually } from './eventually.js';

const env = (name: string, fallback?: string) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const holder = env('HOLDER');
const crashKey = process.env.CRASH_KEY;
const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

class JobRun extends Model {
  declare jobKey: string;
  declare holder: string;
  declare attempt: number;
}

const db = await openDatabase(env('DATABASE_URL'));
useClockForTimestamps(db.sequelize, systemClock);
const models = initJobModels(db.sequelize);
JobRun.init(
  {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    jobKey: { type: DataTypes.STRING(100), allowNull: false },
    holder: { type: DataTypes.STRING(100), allowNull: false },
    attempt: { type: DataTypes.INTEGER, allowNull: false },
  },
  { sequelize: db.sequelize, tableName: 'job_runs', underscored: true, timestamps: false },
);

const queue = new JobQueue(models);
queue.register(
  'probe',
  async (job, ctx) => {
    if (job.key === crashKey && ctx.attempt === 1) process.kill(process.pid, 'SIGKILL');
    await db.transaction((t) =>
      JobRun.create({ jobKey: job.key, holder, attempt: ctx.attempt }, { transaction: t }),
    );
    return { by: holder };
  },
  { lockMs: Number(env('LOCK_MS', '1500')), backoffMs: () => 100 },
);
const runner = new JobRunner(
  queue,
  { db, clock: systemClock, log },
  { holder, leaseTtlMs: Number(env('LEASE_TTL_MS', '1000')), concurrency: 1 },
);
runner.start(50);
console.log('ready');

// A read that fails (the database busy with the other node's write) counts as work left.
const jobsLeft = () =>
  models.Job.count({ where: { kind: 'probe', status: ['pending', 'running'] } }).catch(() => 1);
try {
  await eventually('no probe job left', async () => (await jobsLeft()) === 0, {
    timeoutMs: 60_000,
    intervalMs: 100,
  });
} catch (err) {
  console.error(`gave up: ${(err as Error).message}`);
  process.exitCode = 2;
}
await runner.stop();
await db.close();
