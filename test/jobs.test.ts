import assert from 'node:assert/strict';
import {
  JobQueue,
  JobRunner,
  runAgainAt,
  type HandlerOptions,
  type JobHandler,
} from '../src/platform/jobs/index.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

/** A promise the test settles by hand: a handler that is still running when the test wants it to be. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('durable jobs: scheduling, timing, retries, a dead runner', () => {
  let t: TestPlatform;
  let n = 0;
  /** Each test has its own kind and lease, so tests never see each other's jobs. */
  let kind: string;
  let queue: JobQueue;
  let runners: JobRunner[];

  const runner = (holder: string, leaseTtlMs = 10_000) => {
    const r = new JobRunner(
      queue,
      { ...t.platform, db: t.platform.db },
      { holder, leaseName: `lease-${n}`, leaseTtlMs },
    );
    runners.push(r);
    return r;
  };
  const schedule = (key: string, runAt: Date, payload: unknown = { key }) =>
    t.platform.db.transaction((tx) => queue.schedule(tx, { kind, key, runAt, payload }));
  const job = (key: string) => queue.find(kind, key);
  const later = (ms: number) => new Date(t.clock.now().getTime() + ms);
  /** One tick and everything it started, run to the end. */
  const runDue = async (r: JobRunner) => {
    const report = await r.tick();
    await r.drain();
    return report;
  };
  const counting = (opts?: HandlerOptions) => {
    const runs: string[] = [];
    const handler: JobHandler<{ key: string }> = async (j) => {
      runs.push(j.key);
      return { ran: j.key };
    };
    queue.register(kind, handler, opts);
    return runs;
  };

  before(async () => {
    t = await createTestPlatform();
  });
  after(async () => {
    await t.close();
  });
  beforeEach(() => {
    n += 1;
    kind = `test-kind-${n}`;
    queue = new JobQueue(t.platform.models);
    runners = [];
  });
  afterEach(async () => {
    for (const r of runners) await r.stop();
  });

  it('scheduling twice keeps one job and moves it; a rolled-back schedule leaves none', async () => {
    const first = await schedule('tender-1', later(60_000), { v: 1 });
    const second = await schedule('tender-1', later(30_000), { v: 2 });
    assert.equal(second.id, first.id);
    const stored = await job('tender-1');
    assert.equal(stored?.runAt.getTime(), later(30_000).getTime());
    assert.deepEqual(stored?.payload, { v: 2 });
    assert.equal(await t.platform.models.Job.count({ where: { kind } }), 1);

    await assert.rejects(
      t.platform.db.transaction(async (tx) => {
        await queue.schedule(tx, { kind, key: 'rolled-back', runAt: later(0) });
        throw new Error('caller failed');
      }),
      /caller failed/,
    );
    assert.equal(await job('rolled-back'), undefined);
  });

  it('refuses bad kinds, keys, times and oversized payloads', async () => {
    const at = later(0);
    await assert.rejects(
      t.platform.db.transaction((tx) => queue.schedule(tx, { kind: 'Bad Kind', key: 'k', runAt: at })),
    );
    await assert.rejects(t.platform.db.transaction((tx) => queue.schedule(tx, { kind, key: '', runAt: at })));
    await assert.rejects(
      t.platform.db.transaction((tx) => queue.schedule(tx, { kind, key: 'k', runAt: new Date(NaN) })),
    );
    const big = 'x'.repeat(70_000);
    await assert.rejects(
      t.platform.db.transaction((tx) => queue.schedule(tx, { kind, key: 'k', runAt: at, payload: big })),
    );
    assert.equal(await t.platform.models.Job.count({ where: { kind } }), 0);
    assert.throws(() => queue.register('UPPER', async () => null));
    queue.register(kind, async () => null);
    assert.throws(() => queue.register(kind, async () => null), /already/);
  });

  it('runs a job at its time to the millisecond, never before, and a done job never again', async () => {
    const runs = counting();
    const r = runner('node-a');
    await schedule('tender-2', later(1_000));
    t.clock.advance(999);
    assert.deepEqual((await runDue(r)).started, []);
    assert.deepEqual(runs, []);
    assert.equal((await job('tender-2'))?.status, 'pending');
    t.clock.advance(1);
    const report = await runDue(r);
    assert.equal(report.leader, true);
    assert.equal(report.started.length, 1);
    assert.deepEqual(runs, ['tender-2']);
    const done = await job('tender-2');
    assert.equal(done?.status, 'done');
    assert.equal(done?.attempts, 1);
    assert.deepEqual(done?.result, { ran: 'tender-2' });

    // Scheduling it again (e.g. a repeated publication) does not bring it back.
    const again = await schedule('tender-2', later(10));
    assert.equal(again.status, 'done');
    t.clock.advance(60_000);
    await runDue(r);
    assert.deepEqual(runs, ['tender-2']);
  });

  it('a cancelled job does not run; scheduling it again brings it back', async () => {
    const runs = counting();
    const r = runner('node-a');
    await schedule('tender-3', later(100));
    assert.equal(await t.platform.db.transaction((tx) => queue.cancel(tx, kind, 'tender-3')), true);
    assert.equal(await t.platform.db.transaction((tx) => queue.cancel(tx, kind, 'no-such')), false);
    t.clock.advance(200);
    await runDue(r);
    assert.deepEqual(runs, []);
    assert.equal((await job('tender-3'))?.status, 'cancelled');
    await schedule('tender-3', later(50));
    t.clock.advance(50);
    await runDue(r);
    assert.deepEqual(runs, ['tender-3']);
  });

  it('does not claim kinds this process has no handler for', async () => {
    counting();
    const r = runner('node-a');
    await t.platform.db.transaction((tx) =>
      queue.schedule(tx, { kind: `${kind}-other`, key: 'x', runAt: later(0) }),
    );
    await runDue(r);
    assert.equal((await queue.find(`${kind}-other`, 'x'))?.status, 'pending');
  });

  it('retries a failing job with backoff, then marks it failed with a one-line error', async () => {
    let calls = 0;
    queue.register(
      kind,
      async () => {
        calls += 1;
        throw new Error(`boom ${calls}\n    at somewhere (file.ts:1:1)`);
      },
      { maxAttempts: 3, backoffMs: (attempt) => attempt * 1_000 },
    );
    const r = runner('node-a');
    await schedule('tender-4', later(0));
    await runDue(r);
    let j = await job('tender-4');
    assert.equal(j?.status, 'pending');
    assert.equal(j?.attempts, 1);
    assert.equal(j?.lastError, 'Error: boom 1 at somewhere (file.ts:1:1)');
    assert.equal(j?.runAt.getTime(), later(1_000).getTime());

    t.clock.advance(999);
    await runDue(r);
    assert.equal(calls, 1);
    t.clock.advance(1);
    await runDue(r);
    assert.equal(calls, 2);
    t.clock.advance(2_000);
    await runDue(r);
    assert.equal(calls, 3);
    j = await job('tender-4');
    assert.equal(j?.status, 'failed');
    assert.equal(j?.attempts, 3);
    assert.match(j?.lastError ?? '', /^Error: boom 3/);
    assert.doesNotMatch(j?.lastError ?? '', /\n/);
    t.clock.advance(3_600_000);
    await runDue(r);
    assert.equal(calls, 3);

    // An operator's reschedule starts its attempts afresh.
    await schedule('tender-4', later(0));
    assert.deepEqual([(await job('tender-4'))?.status, (await job('tender-4'))?.attempts], ['pending', 0]);
  });

  it('a job that fails once and then succeeds ends done', async () => {
    let calls = 0;
    queue.register(kind, async () => {
      calls += 1;
      if (calls === 1) throw new Error('transient');
      return 'ok';
    });
    const r = runner('node-a');
    await schedule('tender-5', later(0));
    await runDue(r);
    t.clock.advance(5_000); // the default first backoff
    await runDue(r);
    const j = await job('tender-5');
    assert.deepEqual([j?.status, j?.attempts, j?.result, j?.lastError], ['done', 2, 'ok', null]);
  });

  it('a handler may continue later (runAgainAt) without using up attempts', async () => {
    let calls = 0;
    queue.register(kind, async (_j, ctx) => {
      calls += 1;
      return calls < 3 ? runAgainAt(new Date(ctx.clock.now().getTime() + 500)) : 'finished';
    });
    const r = runner('node-a');
    await schedule('tender-6', later(0));
    await runDue(r);
    assert.deepEqual([(await job('tender-6'))?.status, calls], ['pending', 1]);
    t.clock.advance(499);
    await runDue(r);
    assert.equal(calls, 1);
    t.clock.advance(1);
    await runDue(r);
    t.clock.advance(500);
    await runDue(r);
    const j = await job('tender-6');
    assert.deepEqual([j?.status, j?.result, calls], ['done', 'finished', 3]);
  });

  it('a run whose runner died is taken over when its lease lapses, and the late finisher changes nothing', async () => {
    const stuck = gate();
    const effects: string[] = [];
    queue.register(
      kind,
      async (j, ctx) => {
        // The first runner hangs (as if its process froze); the survivor does the work in one transaction.
        if (ctx.attempt === 1) await stuck.opened;
        return t.platform.db.transaction(async (tx) => {
          await ctx.complete(tx, { by: ctx.attempt });
          effects.push(`${j.key}#${ctx.attempt}`);
        });
      },
      { lockMs: 30_000 },
    );
    const a = runner('node-a', 10_000);
    const b = runner('node-b', 10_000);
    await schedule('tender-7', later(0));
    assert.equal((await a.tick()).started.length, 1);
    assert.equal((await b.tick()).leader, false);

    // a stops ticking. When its lease expires b leads and takes the job over at once: only a leader runs
    // jobs, so one still running under a's name is orphaned, whatever its lock (30 s) says.
    t.clock.advance(10_000);
    assert.equal((await b.tick()).leader, false, 'not a millisecond before the lease expires');
    t.clock.advance(1);
    const takeover = await b.tick();
    assert.deepEqual([takeover.leader, takeover.started.length], [true, 1]);
    await b.drain();
    let j = await job('tender-7');
    assert.deepEqual([j?.status, j?.attempts, j?.result], ['done', 2, { by: 2 }]);

    // a wakes up: its completion is refused inside its transaction, which rolls back.
    stuck.open();
    await a.drain();
    j = await job('tender-7');
    assert.deepEqual([j?.status, j?.attempts, j?.result], ['done', 2, { by: 2 }]);
    assert.deepEqual(effects, ['tender-7#2']);
    t.clock.advance(60_000);
    await runDue(b);
    assert.deepEqual(effects, ['tender-7#2']);
  });

  it('a job whose runners keep dying is marked failed after maxAttempts', async () => {
    queue.register(kind, () => new Promise(() => undefined), { maxAttempts: 2, lockMs: 1_000 });
    const a = runner('node-a', 500);
    const b = runner('node-b', 500);
    const c = runner('node-c', 500);
    await schedule('tender-8', later(0));
    await a.tick();
    t.clock.advance(1_001);
    await b.tick();
    assert.equal((await job('tender-8'))?.attempts, 2);
    t.clock.advance(1_001);
    await c.tick();
    const j = await job('tender-8');
    assert.equal(j?.status, 'failed');
    assert.match(j?.lastError ?? '', /node-b stopped during attempt 2/);
    runners.length = 0; // their handlers never end; nothing to wait for
  });
});
