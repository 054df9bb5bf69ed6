import assert from 'node:assert/strict';
import { WorkerPool } from '../src/platform/workers/pool.js';
import type { PoolTestTask } from './helpers/pool-worker.js';

describe('worker pool (the opening decrypts and the ingest hashes in one)', () => {
  let released: PoolTestTask[];
  let pool: WorkerPool<PoolTestTask, { echo: string; thread: number }>;
  beforeEach(() => {
    released = [];
    pool = new WorkerPool({
      entry: new URL('./helpers/pool-worker.ts', import.meta.url),
      name: 'test',
      size: 2,
      queuedPerWorker: 2,
      idleMs: 60_000,
      released: (task) => released.push(task),
    });
  });
  afterEach(() => pool.close());

  it('answers every task with its own result, across its threads', async () => {
    const tasks = Array.from({ length: 9 }, (_, i) => ({ echo: `标段${i}` }));
    const results = await Promise.all(tasks.map((t) => pool.run(t)));
    assert.deepEqual(
      results.map((r) => r.echo),
      tasks.map((t) => t.echo),
    );
    assert.equal(new Set(results.map((r) => r.thread)).size, 2, 'both threads worked');
    assert.ok(
      tasks.every((t) => released.filter((r) => r === t).length === 2),
      'released when sent and when settled',
    );
  });

  it("rejects a task whose work throws, with the worker's message, and goes on with the others", async () => {
    const [bad, good] = await Promise.allSettled([
      pool.run({ fail: 'the file is gone' }),
      pool.run({ echo: 'ok' }),
    ]);
    assert.equal(bad.status, 'rejected');
    assert.match((bad as PromiseRejectedResult).reason.message, /the file is gone/);
    assert.deepEqual(good.status === 'fulfilled' && good.value.echo, 'ok');
  });

  it('fails the tasks a dying worker held, then serves the next on a new thread', async () => {
    const first = await pool.run({ echo: 'before' });
    await assert.rejects(pool.run({ exit: 3 }), /A test worker exited \(3\)/);
    const after = await Promise.all([pool.run({ echo: 'a' }), pool.run({ echo: 'b' })]);
    assert.deepEqual(
      after.map((r) => r.echo),
      ['a', 'b'],
    );
    assert.ok(first.thread > 0);
  });

  it('refuses work once closed, and releases the refused task', async () => {
    await pool.run({ echo: 'warm' });
    await pool.close();
    const late = { echo: 'late' };
    await assert.rejects(pool.run(late), /The test pool is closed/);
    assert.ok(released.includes(late));
  });
});
