import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataTypes, QueryTypes } from 'sequelize';
import { systemClock } from '../src/platform/clock.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { useClockForTimestamps } from '../src/platform/db/clock-timestamps.js';
import { migrate } from '../src/platform/db/migrator.js';
import { initJobModels, JobQueue, type JobModels } from '../src/platform/jobs/index.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { ScriptProcess } from './helpers/script-process.js';

describe('durable jobs: two real server processes on one database', function () {
  this.timeout(120_000);
  let dir: string;
  let database: TestDatabase;
  let db: Database;
  let models: JobModels;
  let children: ScriptProcess[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yg-jobs-'));
    database = await createTestDatabase(dir);
    db = await openDatabase(database.url);
    await migrate(db);
    useClockForTimestamps(db.sequelize, systemClock);
    models = initJobModels(db.sequelize);
    await db.sequelize.getQueryInterface().createTable('job_runs', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      job_key: { type: DataTypes.STRING(100), allowNull: false },
      holder: { type: DataTypes.STRING(100), allowNull: false },
      attempt: { type: DataTypes.INTEGER, allowNull: false },
    });
  });
  afterEach(async () => {
    for (const c of children)
      if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    children = [];
    await db.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Schedules the probe jobs far ahead, starts both processes, and once both are up makes every job due at
   * once (rescheduling moves pending jobs), so the two really compete for them.
   */
  async function race(count: number, env: Record<string, string>) {
    const queue = new JobQueue(models);
    const keys = Array.from({ length: count }, (_, i) => `job-${String(i).padStart(2, '0')}`);
    const farAhead = new Date(systemClock.now().getTime() + 3600_000);
    await db.transaction(async (t) => {
      for (const key of keys) await queue.schedule(t, { kind: 'probe', key, runAt: farAhead });
    });
    children = ['node-1', 'node-2'].map(
      (h) =>
        new ScriptProcess('test/helpers/job-runner-process.ts', h, { ...env, DATABASE_URL: database.url }),
    );
    await Promise.all(children.map((c) => c.ready));
    const now = systemClock.now().getTime();
    await db.transaction(async (t) => {
      // Already due, in key order (a millisecond apart), so the test knows which job runs when.
      for (const [i, key] of keys.entries()) {
        await queue.schedule(t, { kind: 'probe', key, runAt: new Date(now - 1000 + i) });
      }
    });
    const exits = await Promise.all(children.map((c) => c.exited));
    const runs = await db.sequelize.query<{ job_key: string; holder: string; attempt: number }>(
      'SELECT job_key, holder, attempt FROM job_runs ORDER BY id',
      { type: QueryTypes.SELECT },
    );
    const jobs = await models.Job.findAll({ where: { kind: 'probe' }, order: [['key', 'ASC']] });
    return { keys, exits, runs, jobs };
  }

  it('each job runs exactly once, all on the one leader', async () => {
    const { keys, exits, runs, jobs } = await race(30, { LEASE_TTL_MS: '5000' });
    assert.deepEqual(
      exits.map((e) => e.code),
      [0, 0],
      children.map((c) => c.stderr).join('\n'),
    );
    assert.deepEqual(runs.map((r) => r.job_key).sort(), keys);
    assert.equal(new Set(runs.map((r) => r.holder)).size, 1, 'one process led throughout');
    assert.deepEqual(new Set(jobs.map((j) => `${j.status}/${j.attempts}`)), new Set(['done/1']));
  });

  it('when the leader is killed mid-job, the other takes over and the job completes once', async () => {
    const { keys, exits, runs, jobs } = await race(12, {
      LEASE_TTL_MS: '1000',
      LOCK_MS: '1500',
      CRASH_KEY: 'job-05',
    });
    const killed = exits.findIndex((e) => e.signal === 'SIGKILL');
    assert.notEqual(killed, -1, 'one process died');
    const survivor = children[1 - killed]!;
    assert.equal(exits[1 - killed]?.code, 0, survivor.stderr);

    assert.deepEqual(runs.map((r) => r.job_key).sort(), keys, 'every job recorded exactly once');
    const crashed = runs.find((r) => r.job_key === 'job-05');
    assert.deepEqual([crashed?.holder, crashed?.attempt], [survivor.holder, 2]);
    for (const r of runs.slice(0, 5))
      assert.equal(r.holder, children[killed]!.holder, 'the dead leader ran the first five');
    for (const r of runs.slice(5)) assert.equal(r.holder, survivor.holder);
    for (const j of jobs)
      assert.deepEqual([j.key, j.status, j.attempts], [j.key, 'done', j.key === 'job-05' ? 2 : 1]);
  });
});
