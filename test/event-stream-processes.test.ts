import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataTypes, QueryTypes } from 'sequelize';
import { systemClock } from '../src/platform/clock.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrator.js';
import { EventBus } from '../src/platform/events.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { ScriptProcess } from './helpers/script-process.js';
import { eventually } from './helpers/eventually.js';
import './helpers/probe-events.js';

describe('durable event consumers: real processes killed with SIGKILL and restarted', function () {
  this.timeout(120_000);
  let dir: string;
  let database: TestDatabase;
  let db: Database;
  let events: EventBus;
  let children: ScriptProcess[] = [];

  const start = (holder: string, env: Record<string, string>) => {
    const child = new ScriptProcess('test/helpers/event-consumer-process.ts', holder, {
      ...env,
      DATABASE_URL: database.url,
    });
    children.push(child);
    return child;
  };
  /** Writes `count` events in transactions of up to 10, as changes would. */
  async function produce(count: number): Promise<number> {
    for (let done = 0; done < count; done += 10) {
      await db.transaction(async (t) => {
        for (let i = done; i < Math.min(count, done + 10); i++) {
          await events.emit(t, { actor: null, ip: 'system', requestId: 'producer' }, 'test.probe', { n: i });
        }
      });
    }
    return events.store.lastSeq();
  }
  const consumed = () =>
    db.sequelize.query<{ seq: number; holder: string }>(
      'SELECT seq, holder FROM consumed_events ORDER BY id',
      {
        type: QueryTypes.SELECT,
      },
    );
  const seqs = async () => (await consumed()).map((r) => Number(r.seq));
  const cursor = async () =>
    Number((await events.models.EventCursor.findByPk('process-probe'))?.lastSeq ?? 0);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yg-events-'));
    database = await createTestDatabase(dir);
    db = await openDatabase(database.url);
    await migrate(db);
    events = new EventBus({ db, clock: systemClock });
    await db.sequelize.getQueryInterface().createTable('consumed_events', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      seq: { type: DataTypes.BIGINT, allowNull: false },
      holder: { type: DataTypes.STRING(100), allowNull: false },
    });
  });
  afterEach(async () => {
    for (const c of children) if (!c.ended) c.child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    children = [];
    await db.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes after a kill -9, inside a handler or anywhere: every event handled exactly once, in order', async () => {
    const first = await produce(150);
    assert.equal(first, 150);

    // 1. Killed inside the handler of event 60, after writing its row, before the commit.
    const crashing = start('node-a', { CRASH_AT_SEQ: '60', EXIT_AT_SEQ: '250' });
    const a = await crashing.exited;
    assert.equal(a.signal, 'SIGKILL', crashing.stderr);
    assert.deepEqual(await seqs(), range(1, 59), "event 60's row rolled back with its cursor move");
    assert.equal(await cursor(), 59);

    // 2. Restarted, then killed from outside once it is well on its way.
    const second = start('node-b', { EXIT_AT_SEQ: '250' });
    await second.ready;
    await eventually('the restarted consumer to handle events', async () => (await cursor()) >= 80, {
      abort: () => (second.ended ? `it exited: ${second.stderr}` : null),
    });
    second.child.kill('SIGKILL');
    assert.equal((await second.exited).signal, 'SIGKILL');
    const stoppedAt = await cursor();
    assert.deepEqual(await seqs(), range(1, stoppedAt), 'what committed is exactly what the cursor passed');

    // 3. More events while no consumer runs; a third start catches up with all of them and exits.
    assert.equal(await produce(100), 250);
    const third = start('node-c', { EXIT_AT_SEQ: '250' });
    const c = await third.exited;
    assert.equal(c.code, 0, third.stderr);

    assert.deepEqual(await seqs(), range(1, 250), 'no gap, no duplicate, in stream order');
    const byHolder = new Map<string, number>();
    for (const r of await consumed()) byHolder.set(r.holder, (byHolder.get(r.holder) ?? 0) + 1);
    assert.equal(byHolder.get('node-a'), 59);
    assert.equal(byHolder.get('node-c'), 250 - stoppedAt);
  });

  it('two processes consuming at once share the stream: each event handled once', async () => {
    await produce(120);
    const nodes = [start('node-1', { EXIT_AT_SEQ: '120' }), start('node-2', { EXIT_AT_SEQ: '120' })];
    const exits = await Promise.all(nodes.map((n) => n.exited));
    assert.deepEqual(
      exits.map((e) => e.code),
      [0, 0],
      nodes.map((n) => n.stderr).join('\n'),
    );
    assert.deepEqual(await seqs(), range(1, 120));
  });
});
