import assert from 'node:assert/strict';
import { DataTypes, QueryTypes } from 'sequelize';
import request from 'supertest';
import type { AnyEnvelope, EventOrigin } from '../src/platform/events.js';
import { ConsumerError } from '../src/platform/events.js';
import { bearer } from './helpers/api.js';
import './helpers/probe-events.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld, validTender, type TenderWorld } from './helpers/tenders.js';

const origin = (requestId: string): EventOrigin => ({ actor: null, ip: 'system', requestId });

describe('the domain event stream: envelopes written with the change, in commit order, read by cursor', function () {
  this.timeout(60_000);
  let t: TestPlatform;
  let w: TenderWorld;
  const ofType = async (type: AnyEnvelope['type']) =>
    (await t.platform.events.read(0, 1000, { types: [type] })) as AnyEnvelope[];

  before(async () => {
    t = await createTestPlatform();
    w = await tenderWorld(t);
  });
  after(() => t.close());

  it("writes a REST change's envelope: the actor, address, request id, tender and data, beside its audit entry", async () => {
    const requestId = 'req-event-stream-1';
    const res = await request(t.app)
      .post('/api/v1/tenders')
      .set(bearer(w.tenderee.token))
      .set('X-Request-Id', requestId)
      .send(validTender(w, t.clock.now()))
      .expect(201);
    const tenderId = res.body.tender.id as string;

    const [event, ...more] = (await ofType('tender.created')).filter((e) => e.tenderId === tenderId);
    assert.equal(more.length, 0);
    assert.ok(event);
    assert.deepEqual(event.actor, {
      userId: w.tenderee.userId,
      role: 'tenderee',
      name: (await t.platform.identity.findUser(w.tenderee.userId))!.displayName,
    });
    assert.match(event.ip, /127\.0\.0\.1/);
    assert.equal(event.requestId, requestId);
    assert.equal(event.at.toISOString(), t.clock.now().toISOString());
    assert.deepEqual(event.data, { tenderId, code: res.body.tender.code, at: t.clock.now().toISOString() });
    const audited = await t.platform.models.AuditEntry.findOne({
      where: { action: 'tender.create', requestId },
    });
    assert.equal(audited?.subject, `tender:${tenderId}`, 'its audit entry has the same request id');
    // Live subscribers get the same envelope after the commit.
    const seen = new Promise<AnyEnvelope>((resolve) => {
      const off = t.platform.events.on('tender.updated', (_data, envelope) => {
        off();
        resolve(envelope as AnyEnvelope);
      });
    });
    await request(t.app)
      .put(`/api/v1/tenders/${tenderId}`)
      .set(bearer(w.tenderee.token))
      .send(validTender(w, t.clock.now(), { title: '新标题' }))
      .expect(200);
    const live = await seen;
    const [stored] = (await ofType('tender.updated')).filter((e) => e.seq === live.seq);
    assert.deepEqual(stored, { ...live, data: JSON.parse(JSON.stringify(live.data)) });
  });

  it('records what saving a draft changed, field by field, in its audit entry and a tender.updated event', async () => {
    const now = t.clock.now();
    const created = await request(t.app)
      .post('/api/v1/tenders')
      .set(bearer(w.tenderee.token))
      .send(validTender(w, now))
      .expect(201);
    const tenderId = created.body.tender.id as string;
    const before = created.body.tender;
    const longText = '施工说明。'.repeat(100);
    const edited = validTender(w, now, {
      title: '五象新区道路改造工程（二期）施工招标',
      description: longText,
      sections: [
        { name: '第一标段', maxPriceFen: 1_000_000_00, estimatedPriceFen: 950_000_00, depositFen: 13_500_00 },
      ],
    });
    const requestId = 'req-event-stream-update';
    await request(t.app)
      .put(`/api/v1/tenders/${tenderId}`)
      .set(bearer(w.tenderee.token))
      .set('X-Request-Id', requestId)
      .send(edited)
      .expect(200);

    const audit = await t.platform.models.AuditEntry.findOne({
      where: { action: 'tender.update', requestId },
    });
    const changes = JSON.parse(audit!.data).changes as Record<string, { from?: unknown; to?: unknown }>;
    assert.deepEqual(changes.title, { from: before.title, to: edited.title });
    assert.deepEqual(changes['sections.0.estimatedPriceFen'], { from: 900_000_00, to: 950_000_00 });
    const digest = changes.description!.to as { sha256: string; chars: number };
    assert.equal(digest.chars, longText.length, 'a long text is recorded by digest, not in full');
    assert.match(digest.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(
      Object.keys(changes).sort(),
      ['description', 'sections.0.estimatedPriceFen', 'title'],
      'nothing the save did not change (section ids are regenerated, not changed)',
    );

    const [event] = (await ofType('tender.updated')).filter((e) => e.requestId === requestId);
    assert.equal(event?.tenderId, tenderId);
    assert.equal(event?.actor?.userId, w.tenderee.userId);
    assert.deepEqual((event?.data as { changes: unknown }).changes, changes);
  });

  it("writes a system step's envelope: no actor, 'system' as the address, the step's request id", async () => {
    const tender = await publishedTender(t, w);
    t.clock.set(new Date(new Date(tender.schedule.bidDeadline).getTime() + 1));
    assert.ok((await t.platform.tenders.closeDueBidding()) >= 1);
    const [closed] = (await ofType('tender.bidding-closed')).filter((e) => e.tenderId === tender.id);
    assert.ok(closed);
    assert.equal(closed.actor, null);
    assert.equal(closed.ip, 'system');
    assert.equal(closed.requestId, 'scheduler');
    assert.equal((closed.data as { code: string }).code, tender.code);
    // A notice derived from an event (in the same transaction) names that event's origin.
    const published = (await ofType('tender.published')).find((e) => e.tenderId === tender.id)!;
    const notice = (await ofType('notice.published')).find((e) => e.tenderId === tender.id)!;
    assert.equal(published.actor?.userId, w.tenderee.userId);
    assert.deepEqual(
      [notice.actor, notice.ip, notice.requestId],
      [published.actor, published.ip, published.requestId],
    );
  });

  it('writes nothing for a change that rolls back, and leaves no gap in the numbers', async () => {
    const { events, db } = t.platform;
    const before = await events.store.lastSeq();
    await assert.rejects(
      db.transaction(async (tx) => {
        await events.emit(tx, origin('rolled-back'), 'test.probe', { n: -1 });
        throw new Error('the change fails after its event was written');
      }),
      /the change fails/,
    );
    await db.transaction((tx) => events.emit(tx, origin('kept'), 'test.probe', { n: 0 }));
    const after = await events.read(before, 10);
    assert.deepEqual(
      after.map((e) => [e.seq, e.requestId]),
      [[before + 1, 'kept']],
    );
  });

  it('numbers events densely in commit order under concurrent writers; a reader on the cursor skips none', async () => {
    const { events, db } = t.platform;
    const start = await events.store.lastSeq();
    const writers = 40;
    let finished = 0;
    // Writers that interleave their work (several turns of the event loop inside each transaction).
    const writing = Array.from({ length: writers }, (_, i) =>
      db
        .transaction(async (tx) => {
          for (let k = 0; k < i % 5; k++) await new Promise((resolve) => setImmediate(resolve));
          await events.emit(tx, origin(`writer-${i}`), 'test.probe', { n: i });
          for (let k = 0; k < (i * 7) % 5; k++) await new Promise((resolve) => setImmediate(resolve));
          await events.emit(tx, origin(`writer-${i}`), 'test.probe', { n: i });
        })
        .finally(() => (finished += 1)),
    );
    // A reader following its cursor while they commit: each read must continue exactly where it stopped.
    const read: AnyEnvelope[] = [];
    let cursor = start;
    while (finished < writers || read.length < 2 * writers) {
      for (const e of await events.read(cursor, 7, { types: ['test.probe'] })) {
        assert.equal(e.seq, cursor + 1, `event ${cursor + 1} was skipped`);
        cursor = e.seq;
        read.push(e);
      }
      if (finished === writers && read.length < 2 * writers && (await events.store.lastSeq()) === cursor)
        break;
    }
    await Promise.all(writing);
    assert.equal(read.length, 2 * writers);
    // Each writer's two events are adjacent: one transaction holds the number until it commits.
    for (let i = 0; i < read.length; i += 2) assert.equal(read[i]!.requestId, read[i + 1]!.requestId);
    assert.equal(new Set(read.map((e) => e.requestId)).size, writers);
  });

  describe('a durable consumer', () => {
    const consumed = async (consumer: string) =>
      t.platform.db.sequelize.query<{ seq: number }>(
        'SELECT seq FROM test_consumed WHERE consumer = :consumer ORDER BY id',
        { type: QueryTypes.SELECT, replacements: { consumer } },
      );

    before(async () => {
      await t.platform.db.sequelize.getQueryInterface().createTable('test_consumed', {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        consumer: { type: DataTypes.STRING(60), allowNull: false },
        seq: { type: DataTypes.BIGINT, allowNull: false },
      });
    });

    it('handles each event once, in order, in the transaction that moves its cursor; resumes at a failure', async () => {
      const { events, db } = t.platform;
      const name = 'test-recorder';
      const first = (await events.store.lastSeq()) + 1;
      await db.transaction(async (tx) => {
        for (let n = 0; n < 10; n++) await events.emit(tx, origin('batch'), 'test.probe', { n });
      });
      let failOn: number | null = first + 4;
      events.consume(
        name,
        async (tx, e) => {
          await db.sequelize.query('INSERT INTO test_consumed (consumer, seq) VALUES (:name, :seq)', {
            replacements: { name, seq: e.seq },
            transaction: tx,
          });
          if (e.seq === failOn) throw new Error('handler bug');
        },
        { types: ['test.probe'], batchSize: 3 },
      );
      const error = await events.consumers.drain(name).then(
        () => null,
        (err: unknown) => err,
      );
      assert.ok(error instanceof ConsumerError, String(error));
      assert.equal(error.seq, first + 4);
      const cursor = await t.platform.events.models.EventCursor.findByPk(name);
      // Every earlier probe of this file is before `first`: the consumer reads the stream from its start.
      const handled = (await consumed(name)).map((r) => Number(r.seq));
      assert.equal(Number(cursor!.lastSeq), first + 3);
      assert.deepEqual(handled.slice(-4), [first, first + 1, first + 2, first + 3]);
      assert.ok(!handled.includes(first + 4), "the failed event's row rolled back with it");

      failOn = null;
      await events.consumers.drain(name);
      await events.consumers.drain(name); // nothing new: nothing handled twice
      const again = (await consumed(name)).map((r) => Number(r.seq));
      assert.deepEqual(
        again.slice(-10),
        Array.from({ length: 10 }, (_, i) => first + i),
      );
      assert.equal(new Set(again).size, again.length, 'no event handled twice');
      const probes = (await events.read(0, 1000, { types: ['test.probe'] })).map((e) => e.seq);
      assert.deepEqual(again, probes, 'every probe of the stream, in order');
    });

    it('runs by itself while the consumers are started (as on a server)', async () => {
      const { events, db } = t.platform;
      assert.equal(events.consumers.started, true, 'the test platform runs its consumers');
      const name = 'test-live';
      const handled: number[] = [];
      let resolveSeen: (seq: number) => void = () => undefined;
      events.consume(
        name,
        async (tx, e) => {
          await db.sequelize.query('INSERT INTO test_consumed (consumer, seq) VALUES (:name, :seq)', {
            replacements: { name, seq: e.seq },
            transaction: tx,
          });
          tx.afterCommit(() => {
            handled.push(e.seq);
            resolveSeen(e.seq);
          });
        },
        { types: ['test.probe'] },
      );
      await events.consumers.drain(name);
      const seen = new Promise<number>((resolve) => (resolveSeen = resolve));
      const { seq } = await db.transaction((tx) => events.emit(tx, origin('live'), 'test.probe', { n: 99 }));
      assert.equal(await seen, seq);
      assert.deepEqual((await consumed(name)).map((r) => Number(r.seq)).slice(-1), [seq]);
    });
  });
});
