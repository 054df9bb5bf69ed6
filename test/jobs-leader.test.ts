import assert from 'node:assert/strict';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { useClockForTimestamps } from '../src/platform/db/clock-timestamps.js';
import {
  initJobModels,
  JobQueue,
  JobRunner,
  LeaderLease,
  type JobModels,
} from '../src/platform/jobs/index.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

/**
 * Several runners on one database, each through its own connection pool as separate nodes would be, all on
 * one ManualClock so the test decides when leases expire.
 */
describe('durable jobs: one leader among several runners', () => {
  let t: TestPlatform;
  const handles: { db: Database; models: JobModels }[] = [];
  let n = 0;

  before(async () => {
    t = await createTestPlatform();
    for (let i = 0; i < 3; i++) {
      const db = await openDatabase(t.platform.config.DATABASE_URL);
      useClockForTimestamps(db.sequelize, t.clock);
      handles.push({ db, models: initJobModels(db.sequelize) });
    }
  });
  after(async () => {
    for (const h of handles) await h.db.close();
    await t.close();
  });

  /** One node: its own pool, queue and runner, with a handler that records which node ran what. */
  function node(i: number, holder: string, kind: string, runs: { key: string; by: string }[], ttl = 10_000) {
    const h = handles[i]!;
    const queue = new JobQueue(h.models);
    queue.register(kind, async (job) => {
      runs.push({ key: job.key, by: holder });
      return null;
    });
    const deps = { db: h.db, clock: t.clock, log: t.platform.log };
    return new JobRunner(queue, deps, { holder, leaseName: `lease-${n}`, leaseTtlMs: ttl, concurrency: 3 });
  }
  const scheduleMany = (kind: string, count: number) =>
    t.platform.db.transaction(async (tx) => {
      for (let i = 0; i < count; i++) {
        const runAt = new Date(t.clock.now().getTime() + i * 10);
        await t.platform.jobs.schedule(tx, { kind, key: `k${i}`, runAt });
      }
    });

  beforeEach(() => {
    n += 1;
  });

  it('of runners ticking at the same moments, only the leader runs jobs, each once', async () => {
    const kind = `lead-${n}`;
    const runs: { key: string; by: string }[] = [];
    const nodes = [node(0, 'a', kind, runs), node(1, 'b', kind, runs), node(2, 'c', kind, runs)];
    await scheduleMany(kind, 30);
    for (let round = 0; round < 20; round++) {
      const reports = await Promise.all(nodes.map((r) => r.tick()));
      assert.equal(reports.filter((r) => r.leader).length, 1, `round ${round}: one leader`);
      await Promise.all(nodes.map((r) => r.drain()));
      t.clock.advance(25);
    }
    assert.equal(runs.length, 30);
    assert.equal(new Set(runs.map((r) => r.key)).size, 30);
    assert.equal(new Set(runs.map((r) => r.by)).size, 1);
    assert.equal(await t.platform.models.Job.count({ where: { kind, status: 'done' } }), 30);
    for (const r of nodes) await r.stop();
  });

  it('a leader that stops cleanly hands over at once; one that goes silent, when its lease expires', async () => {
    const kind = `handover-${n}`;
    const runs: { key: string; by: string }[] = [];
    const [a, b, c] = [node(0, 'a', kind, runs), node(1, 'b', kind, runs), node(2, 'c', kind, runs, 2_000)];
    assert.equal((await a.tick()).leader, true);
    assert.equal((await b.tick()).leader, false);
    await a.stop();
    assert.equal((await b.tick()).leader, true);
    assert.equal((await c.tick()).leader, false);
    const term = (await b.lease.current())?.term;

    // b goes silent. Its lease runs to the millisecond, then c takes it, in a new term.
    t.clock.advance(10_000);
    assert.equal((await c.tick()).leader, false);
    t.clock.advance(1);
    await scheduleMany(kind, 1);
    assert.deepEqual(await c.tick(), {
      leader: true,
      started: [(await t.platform.jobs.find(kind, 'k0'))!.id],
    });
    await c.drain();
    assert.deepEqual(runs, [{ key: 'k0', by: 'c' }]);
    assert.equal((await c.lease.current())?.term, (term ?? 0) + 1);
    // b comes back: it is no longer the leader and runs nothing.
    assert.equal((await b.tick()).leader, false);
    assert.equal(b.isLeader, false);
    for (const r of [b, c]) await r.stop();
  });

  it('of nodes racing for a new lease, exactly one gets it, every time', async () => {
    for (let round = 0; round < 10; round++) {
      const leases = handles.map(
        (h, i) =>
          new LeaderLease(h.models, { db: h.db, clock: t.clock }, `race-${n}-${round}`, `node-${i}`, 5_000),
      );
      const held = await Promise.all(leases.map((l) => l.hold()));
      assert.equal(held.filter(Boolean).length, 1, `round ${round}: ${held.join(',')}`);
      // And of nodes racing for an expired lease, too.
      t.clock.advance(5_001);
      const retaken = await Promise.all(leases.map((l) => l.hold()));
      assert.equal(retaken.filter(Boolean).length, 1, `round ${round} after expiry: ${retaken.join(',')}`);
    }
  });
  // Regression: MySQL/MariaDB count only rows an UPDATE changed, so a renewal or heartbeat that wrote the same
  // expiry as the last one (same millisecond: a frozen ManualClock, or a fast tick) read as a lost lease.
  it('keeps its lease and its running job when it renews within the same millisecond', async () => {
    const kind = `same-ms-${n}`;
    const h = handles[0]!;
    const queue = new JobQueue(h.models);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let signal: AbortSignal | undefined;
    queue.register(kind, async (_job, ctx) => {
      signal = ctx.signal;
      await gate;
      return 'ran';
    });
    const deps = { db: h.db, clock: t.clock, log: t.platform.log };
    const runner = new JobRunner(queue, deps, { holder: 'steady', leaseName: `lease-${n}` });
    await t.platform.db.transaction((tx) =>
      t.platform.jobs.schedule(tx, { kind, key: 'k', runAt: t.clock.now() }),
    );
    assert.equal((await runner.tick()).leader, true);
    assert.equal((await runner.tick()).leader, true, 'renewed in the same millisecond');
    assert.equal(runner.isLeader, true);
    const lease = await h.models.Lease.findByPk(`lease-${n}`);
    assert.equal(lease?.renewals, 1);
    // The job started on the first tick is running; two more heartbeats in the same millisecond keep it.
    await runner.tick();
    await runner.tick();
    assert.equal(signal?.aborted, false, 'the heartbeat kept the job');
    release();
    await runner.drain();
    const job = await t.platform.jobs.find(kind, 'k');
    assert.deepEqual([job?.status, job?.attempts, job?.result], ['done', 1, 'ran']);
    await runner.stop();
  });

  /** A node whose one job waits on a gate it is handed, recording every start (holder, attempt). */
  function gatedNode(i: number, holder: string, kind: string, starts: string[]) {
    const h = handles[i]!;
    const queue = new JobQueue(h.models);
    const gates: (() => void)[] = [];
    queue.register(kind, async (_job, ctx) => {
      starts.push(`${holder}#${ctx.attempt}`);
      await new Promise<void>((resolve) => gates.push(resolve));
      return holder;
    });
    const deps = { db: h.db, clock: t.clock, log: t.platform.log };
    const runner = new JobRunner(queue, deps, { holder, leaseName: `lease-${n}` });
    return { runner, open: () => gates.splice(0).forEach((go) => go()) };
  }
  const scheduleOne = (kind: string) =>
    t.platform.db.transaction((tx) => t.platform.jobs.schedule(tx, { kind, key: 'k', runAt: t.clock.now() }));

  it("a new leader takes over the dead leader's running job at once, not when its lock runs out", async () => {
    const kind = `orphan-${n}`;
    const starts: string[] = [];
    const a = gatedNode(0, 'a', kind, starts);
    const b = gatedNode(1, 'b', kind, starts);
    await scheduleOne(kind);
    assert.equal((await a.runner.tick()).started.length, 1);
    assert.equal((await b.runner.tick()).leader, false);
    // a dies (no more ticks). Its lease runs out after 10 s; the job's lock would hold for 60 s.
    t.clock.advance(10_001);
    const took = await b.runner.tick();
    assert.equal(took.leader, true);
    assert.deepEqual(
      took.started,
      [(await t.platform.jobs.find(kind, 'k'))!.id],
      'taken over in the same tick',
    );
    assert.deepEqual(starts, ['a#1', 'b#2']);
    b.open();
    await b.runner.drain();
    const job = await t.platform.jobs.find(kind, 'k');
    assert.deepEqual([job?.status, job?.result], ['done', 'b']);
    // a's late finish changes nothing: the job is b's.
    a.open();
    await a.runner.drain();
    assert.equal((await t.platform.jobs.find(kind, 'k'))?.result, 'b');
    await b.runner.stop();
  });

  it('a leader stopping cleanly keeps its lease and its job while the job finishes, however long', async () => {
    const kind = `drain-${n}`;
    const starts: string[] = [];
    const a = gatedNode(0, 'a', kind, starts);
    const b = gatedNode(1, 'b', kind, starts);
    await scheduleOne(kind);
    a.runner.start(20);
    await eventuallyTrue(() => starts.length === 1);
    const stopped = a.runner.stop();
    // Two minutes of work after the stop began: past both the lease (10 s) and the job's lock (60 s). Each
    // step waits for a's own timer to renew (real time), so the test never depends on how fast timers fire.
    const renewals = async () => (await handles[2]!.models.Lease.findByPk(`lease-${n}`))?.renewals ?? 0;
    for (let s = 0; s < 24; s++) {
      const before = await renewals();
      t.clock.advance(5_000);
      await eventuallyTrue(async () => (await renewals()) > before);
      assert.equal((await b.runner.tick()).leader, false, `still a's lease after ${(s + 1) * 5} s`);
    }
    a.open();
    await stopped;
    assert.deepEqual(starts, ['a#1'], 'never started twice');
    assert.equal((await t.platform.jobs.find(kind, 'k'))?.status, 'done');
    assert.equal((await b.runner.tick()).leader, true, 'handed over once stopped');
    await b.runner.stop();
  });
});

/** Polls (real time) until the check holds; 15 s at most, for a loaded machine. */
async function eventuallyTrue(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail('the condition did not hold within 15 s');
}
