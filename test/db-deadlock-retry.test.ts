import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryTypes, type Transaction } from 'sequelize';
import { isDeadlockVictim, openDatabase, type Database } from '../src/platform/db/database.js';
import { createTestDatabase, testServerUrl, type TestDatabase } from './helpers/database.js';

/**
 * A transaction MariaDB rolls back to break a deadlock is run again by retryingDeadlocks (and only that
 * one). Two transactions lock two rows in opposite orders, each waiting at a barrier after its first lock,
 * so the first attempts deadlock for certain. MariaDB only: SQLite runs one writer at a time.
 */
describe('database: a deadlock victim is run again (MariaDB)', function () {
  this.timeout(60_000);
  let dir: string;
  let database: TestDatabase;
  let db: Database;

  before(async function () {
    if (!testServerUrl()) return this.skip();
    dir = mkdtempSync(join(tmpdir(), 'yg-deadlock-'));
    database = await createTestDatabase(dir);
    db = await openDatabase(database.url);
    await db.sequelize.query('CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB');
  });
  beforeEach(async () => {
    await db.sequelize.query('DELETE FROM counters');
    await db.sequelize.query('INSERT INTO counters (id, n) VALUES (1, 0), (2, 0)');
  });
  after(async () => {
    await db?.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Both first attempts hold their first row before either asks for its second. */
  function crossedLocks(run: (work: (t: Transaction) => Promise<void>) => Promise<void>) {
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
    const attempts: number[] = [];
    const lockAndAdd = (t: Transaction, id: number) =>
      db.sequelize.query('UPDATE counters SET n = n + 1 WHERE id = ?', {
        replacements: [id],
        transaction: t,
      });
    const transfer = (first: number, second: number) =>
      run(async (t) => {
        attempts.push(first);
        await lockAndAdd(t, first);
        if (attempts.filter((a) => a === first).length === 1) {
          if (++arrived === 2) release();
          await bothHoldOne;
        }
        await lockAndAdd(t, second);
      });
    return { attempts, results: Promise.allSettled([transfer(1, 2), transfer(2, 1)]) };
  }

  const counts = async () =>
    (
      await db.sequelize.query<{ id: number; n: number }>('SELECT id, n FROM counters ORDER BY id', {
        type: QueryTypes.SELECT,
      })
    ).map((r) => r.n);

  it('without the retry, one of two crossed transactions fails as the victim and its change is undone', async () => {
    const { results } = crossedLocks((work) => db.transaction(work));
    const settled = await results;
    const failed = settled.filter((r) => r.status === 'rejected');
    assert.equal(failed.length, 1);
    assert.equal(isDeadlockVictim((failed[0] as PromiseRejectedResult).reason), true);
    assert.deepEqual(await counts(), [1, 1]);
  });

  it('with the retry, both complete, the victim once more, and each change counts once', async () => {
    const { attempts, results } = crossedLocks((work) => db.retryingDeadlocks(work));
    const settled = await results;
    assert.deepEqual(
      settled.map((r) => r.status),
      ['fulfilled', 'fulfilled'],
    );
    assert.equal(attempts.length, 3, `attempts: ${attempts.join(', ')}`);
    assert.deepEqual(await counts(), [2, 2]);
  });

  it('runs anything else that fails only once', async () => {
    let runs = 0;
    await assert.rejects(
      db.retryingDeadlocks(async () => {
        runs++;
        throw new Error('not a deadlock');
      }),
      /not a deadlock/,
    );
    assert.equal(runs, 1);
  });
});
