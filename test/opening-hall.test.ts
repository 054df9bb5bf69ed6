import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { mayAnswer } from '../src/modules/opening-hall/service.js';
import type { Tender } from '../src/modules/tenders/models.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import type { Actor, Role } from '../src/platform/auth/roles.js';
import { bearer } from './helpers/api.js';
import {
  openingTender,
  openingWorld,
  relogin,
  releaseShares,
  submitTestBid,
  testRunner,
  type OpeningWorld,
} from './helpers/opening.js';
import type { TestPlatform } from './helpers/platform.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients, withTimeout } from './helpers/sockets.js';

interface Wire {
  seq: number;
  id: string;
  kind: string;
  data: Record<string, unknown>;
  mine?: boolean;
  actor?: { userId: string | null };
  ip?: string | null;
}
interface Answer {
  ok: boolean;
  error?: { code: string };
  event?: Wire;
  replayed?: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  snapshot?: any;
}

const ask = async (socket: Socket, event: string, payload: unknown): Promise<Answer> =>
  (await socket.timeout(5000).emitWithAck(event, payload)) as Answer;

/** Every message a socket receives, in order, and a way to wait for an event of a kind. */
function recorder(socket: Socket) {
  const seen: { name: string; body: unknown }[] = [];
  socket.onAny((name: string, body: unknown) => seen.push({ name, body }));
  const found = (kind: string) =>
    seen.find((m) => m.name === 'hall:event' && (m.body as Wire).kind === kind)?.body as Wire | undefined;
  return {
    seen,
    events: () => seen.filter((m) => m.name === 'hall:event').map((m) => m.body as Wire),
    waitFor: (kind: string) =>
      withTimeout(
        new Promise<Wire>((resolve) => {
          const hit = found(kind);
          if (hit) return resolve(hit);
          const listener = () => {
            const later = found(kind);
            if (!later) return;
            socket.offAny(listener);
            resolve(later);
          };
          socket.onAny(listener);
        }),
        kind,
      ),
  };
}

/** Every number and string inside a value, however deep. */
function leaves(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [value];
}

describe('opening hall (开标大厅) over Socket.IO: who sees what, check-in, objections, reconnect', function () {
  this.timeout(120_000);
  let server: TestServer;
  let t: TestPlatform;
  let w: OpeningWorld;
  let tender: TenderView;
  let sockets: SocketClients;
  let bids: Awaited<ReturnType<typeof submitTestBid>>[];
  const deadline = () => new Date(tender.schedule.bidDeadline);
  const hallEvents = () => t.platform.models.HallEvent.count({ where: { tenderId: tender.id } });
  const audited = (action: string) => t.platform.models.AuditEntry.count({ where: { action } });
  const join = async (socket: Socket, lastSeq?: number) => {
    const answer = await ask(socket, 'hall:join', { tenderId: tender.id, lastSeq });
    assert.equal(answer.ok, true, JSON.stringify(answer));
    return answer.snapshot;
  };
  const as = (token: string) => sockets.connect(token, '/opening');
  const anonymous = () => sockets.connect(undefined, '/opening-public');
  const bidderUser = (i: number) => w.bidders[i]!.user;
  const snapshotOf = async (token?: string) => {
    const req = request(t.app).get(`/api/v1/tenders/${tender.id}/opening-hall`);
    return (await (token ? req.set(bearer(token)) : req).expect(200)).body;
  };

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    t = server.testPlatform;
    w = await openingWorld(t, 4);
    tender = await openingTender(t, w);
    bids = [];
    for (let i = 0; i < 3; i++) {
      bids.push(await submitTestBid(t, tender, w.bidders[i]!, { priceFen: 50_000_000 + i }));
    }
    // An hour before the opening: sessions opened now outlive it.
    t.clock.set(new Date(deadline().getTime() - 3600_000));
    await relogin(t, w);
  });
  after(async () => {
    sockets?.closeAll();
    await server?.stop();
  });
  beforeEach(() => {
    sockets = new SocketClients(server.baseUrl);
  });
  afterEach(() => sockets.closeAll());

  it('serves the hall of a published tender only; /opening-public needs no token, /opening does', async () => {
    const err = await sockets.connectError(undefined, '/opening');
    assert.equal(err.message, 'UNAUTHENTICATED');
    const viewer = await anonymous();
    const snapshot = await join(viewer);
    assert.equal(snapshot.openingTime, deadline().toISOString());
    assert.equal(snapshot.serverTime, t.clock.now().toISOString());
    assert.equal(snapshot.audience, 'public');
    assert.equal(snapshot.you, null);
    assert.equal(snapshot.opening, null);
    const unknown = await ask(viewer, 'hall:join', { tenderId: randomUUID() });
    assert.equal(unknown.error?.code, 'NOT_FOUND');
    const invalid = await ask(viewer, 'hall:join', { tenderId: tender.id, lastSeq: -1 });
    assert.equal(invalid.error?.code, 'VALIDATION_FAILED');
    // The public socket has no way to change anything.
    const refused = await ask(viewer, 'hall:check-in', { tenderId: tender.id, eventId: randomUUID() });
    assert.equal(refused.error?.code, 'UNAUTHENTICATED');
    assert.equal((await snapshotOf()).openingTime, deadline().toISOString());
    await request(t.app).get(`/api/v1/tenders/${randomUUID()}/opening-hall`).expect(404);
  });

  it('lets only a bidder with a bid in check in, once per party; a retry with the same id is safe', async () => {
    const supervisor = await as(w.supervisor.token);
    const watcher = recorder(supervisor);
    await join(supervisor);
    const publicSocket = await anonymous();
    const publicSeen = recorder(publicSocket);
    await join(publicSocket);
    const before = await hallEvents();
    // A bidder without a bid in this tender, the agency, the supervisor, a custodian.
    for (const who of [bidderUser(3), w.agency, w.supervisor, w.custodians[0]!]) {
      const socket = await as(who.token);
      const answer = await ask(socket, 'hall:check-in', { tenderId: tender.id, eventId: randomUUID() });
      assert.equal(answer.error?.code, 'FORBIDDEN', who.username);
    }
    const bad = await ask(await as(bidderUser(0).token), 'hall:check-in', {
      tenderId: tender.id,
      eventId: '?',
    });
    assert.equal(bad.error?.code, 'VALIDATION_FAILED');
    assert.equal(await hallEvents(), before, 'refused check-ins store nothing');

    const bidder = await as(bidderUser(0).token);
    const eventId = randomUUID();
    const first = await ask(bidder, 'hall:check-in', { tenderId: tender.id, eventId });
    assert.equal(first.ok, true, JSON.stringify(first));
    assert.equal(first.replayed, false);
    const retry = await ask(bidder, 'hall:check-in', { tenderId: tender.id, eventId });
    assert.equal(retry.replayed, true);
    assert.equal(retry.event?.id, first.event?.id);
    const again = await ask(bidder, 'hall:check-in', { tenderId: tender.id, eventId: randomUUID() });
    assert.equal(again.error?.code, 'HALL_ALREADY_CHECKED_IN');
    assert.equal(await hallEvents(), before + 1);
    assert.equal(await audited('opening-hall.check-in'), 1);

    // The supervisor sees who checked in and from where; the public, before the opening, nothing at all.
    const seen = await watcher.waitFor('check-in');
    assert.equal(seen.actor?.userId, bidderUser(0).userId);
    assert.match(String(seen.ip), /127\.0\.0\.1/);
    assert.equal((seen.data.private as { partyId: string }).partyId, bidderUser(0).partyId);
    await join(publicSocket); // a round trip: anything broadcast before it has arrived by now
    assert.deepEqual(publicSeen.events(), []);
    const publicSnapshot = await snapshotOf();
    assert.equal(publicSnapshot.checkIns.count, null);
    assert.equal(publicSnapshot.seq, 0);
    const own = await join(bidder);
    assert.equal(own.you.checkedIn, true);
    assert.equal(own.you.mayObject, false, 'objections wait for the opening');
    assert.equal((await snapshotOf(w.supervisor.token)).checkIns.count, 1);
  });

  it('refuses an objection before the opening time', async () => {
    const bidder = await as(bidderUser(0).token);
    const early = await ask(bidder, 'hall:objection', {
      tenderId: tender.id,
      eventId: randomUUID(),
      text: '早',
    });
    assert.equal(early.error?.code, 'HALL_NOT_OPEN');
  });

  it('shows the opening live: progress without names or prices until the record, then the record', async () => {
    const publicSocket = await anonymous();
    const publicSeen = recorder(publicSocket);
    await join(publicSocket);
    const bidder = await as(bidderUser(1).token);
    const bidderSeen = recorder(bidder);
    await join(bidder);
    const supervisor = await as(w.supervisor.token);
    const supervisorSeen = recorder(supervisor);
    await join(supervisor);

    t.clock.set(deadline());
    const runner = testRunner(t);
    await runner.run();
    const started = await publicSeen.waitFor('opening.started');
    assert.equal(started.seq, 1, 'the first public event: the early check-in left no gap to count');
    // The actor and address come with the event's envelope: the opening job is the platform itself.
    const startedForSupervisors = await supervisorSeen.waitFor('opening.started');
    assert.deepEqual([startedForSupervisors.actor?.userId, startedForSupervisors.ip], [null, 'system']);
    await releaseShares(t, tender.id, w.custodians[0]!, w.custodianKeys[0]!);
    await releaseShares(t, tender.id, w.custodians[1]!, w.custodianKeys[1]!);
    const released = await supervisorSeen.waitFor('opening.share-released');
    assert.equal(released.actor?.userId, w.custodians[0]!.userId, 'supervisors see the custodian');
    assert.ok(released.ip, 'and its address');
    assert.equal((await publicSeen.waitFor('opening.share-released')).actor, undefined);
    await t.platform.openingHall.relay.idle();
    const midway = await snapshotOf();
    assert.equal(midway.checkIns.count, 1, 'from the opening time the count is told');
    type Row = { number: number; of: number; shares: number; state: string };
    assert.deepEqual(
      midway.opening.sections[0].bids.map((b: Row) => [b.number, b.of, b.shares, b.state]),
      [
        [1, 3, 2, 'decrypting'],
        [2, 3, 2, 'decrypting'],
        [3, 3, 2, 'decrypting'],
      ],
    );
    await runner.run();
    await publicSeen.waitFor('opening.record-published');
    await publicSeen.waitFor('opening.completed');
    await bidderSeen.waitFor('opening.completed');

    // Before the record: not one bidder's party id, bid id or price reached the public or a bidder.
    const ids = [...bids.map((b) => b.bidId), ...w.bidders.map((b) => b.user.partyId!)];
    // Prices are compared with whole values, not searched in the text: eight digits turn up by chance in the
    // messages' random ids and digests, an id of 36 characters does not.
    const prices = bids.map((b) => b.priceFen);
    for (const seen of [publicSeen.seen, bidderSeen.seen]) {
      const recordAt = seen.findIndex(
        (m) => m.name === 'hall:progress' && JSON.stringify(m.body).includes('"record":{'),
      );
      const early = recordAt < 0 ? seen : seen.slice(0, recordAt);
      const text = JSON.stringify(early);
      for (const id of ids) assert.ok(!text.includes(id), `leaked ${id}`);
      for (const value of leaves(early))
        assert.ok(!prices.some((p) => value === p || value === String(p)), `leaked the price ${value}`);
    }
    const settled = publicSeen.events().filter((e) => e.kind === 'opening.bid-settled');
    assert.deepEqual(settled.map((e) => (e.data.bid as { number: number }).number).sort(), [1, 2, 3]);
    assert.ok(settled.every((e) => e.data.outcome === 'opened' && !('private' in e.data)));
    // Supervisors had the bid ids all along.
    const supervised = supervisorSeen.events().filter((e) => e.kind === 'opening.bid-settled');
    assert.deepEqual(
      supervised.map((e) => (e.data.private as { bidId: string }).bidId).sort(),
      bids.map((b) => b.bidId).sort(),
    );

    // After the record: the prices, in the record, for everyone.
    await t.platform.openingHall.relay.idle();
    const final = await snapshotOf();
    const record = final.opening.sections[0].record.record;
    assert.deepEqual(
      record.bids.map((b: { values: { price: number } }) => b.values.price).sort(),
      bids.map((b) => b.priceFen).sort(),
    );
    assert.ok(final.opening.completedAt);
  });

  it('takes an objection from a checked-in bidder and the live answer of the tenderee (no agency); both recorded', async () => {
    const bidder = await as(bidderUser(0).token);
    const notCheckedIn = await as(bidderUser(1).token);
    const agency = await as(w.agency.token);
    const tenderee = await as(w.tenderee.token);
    const supervisor = await as(w.supervisor.token);
    const publicSocket = await anonymous();
    const publicSeen = recorder(publicSocket);
    const supervisorSeen = recorder(supervisor);
    await Promise.all([join(publicSocket), join(supervisor)]);

    const text = '第2号投标的唱标价格与开标记录不一致';
    const objection = () => ({ tenderId: tender.id, eventId: randomUUID(), text });
    assert.equal((await ask(notCheckedIn, 'hall:objection', objection())).error?.code, 'HALL_NOT_CHECKED_IN');
    assert.equal((await ask(agency, 'hall:objection', objection())).error?.code, 'FORBIDDEN');
    const raised = await ask(bidder, 'hall:objection', objection());
    assert.equal(raised.ok, true, JSON.stringify(raised));
    const objectionId = raised.event!.id;

    const heard = await publicSeen.waitFor('objection');
    assert.equal(heard.data.text, text);
    assert.ok(
      !JSON.stringify(heard).includes(bidderUser(0).partyId!),
      'the public does not learn who objected',
    );
    const supervised = await supervisorSeen.waitFor('objection');
    assert.equal(supervised.actor?.userId, bidderUser(0).userId);

    const reply = { tenderId: tender.id, objectionId, text: '经核对，开标记录无误。' };
    // The tenderee runs this tender itself: an agency it did not appoint may not answer.
    assert.equal(tender.agency, null);
    for (const socket of [agency, bidder, supervisor]) {
      const refused = await ask(socket, 'hall:answer', { ...reply, eventId: randomUUID() });
      assert.equal(refused.error?.code, 'FORBIDDEN');
    }
    const unknown = await ask(tenderee, 'hall:answer', {
      ...reply,
      objectionId: randomUUID(),
      eventId: randomUUID(),
    });
    assert.equal(unknown.error?.code, 'NOT_FOUND');
    const answered = await ask(tenderee, 'hall:answer', { ...reply, eventId: randomUUID() });
    assert.equal(answered.ok, true, JSON.stringify(answered));
    const twice = await ask(tenderee, 'hall:answer', { ...reply, eventId: randomUUID() });
    assert.equal(twice.error?.code, 'HALL_ALREADY_ANSWERED');
    assert.equal((await publicSeen.waitFor('answer')).data.objectionId, objectionId);
    assert.equal(await audited('opening-hall.objection'), 1);
    assert.equal(await audited('opening-hall.answer'), 1);

    const snapshot = await join(bidder);
    const mine = snapshot.objections.find((o: Wire) => o.id === objectionId);
    assert.equal(mine.mine, true);
    assert.equal(mine.answer.data.text, reply.text);
  });

  it('gives a reconnecting client the whole state and every event after its last number', async () => {
    const first = await as(bidderUser(2).token);
    const lastSeen = (await join(first)).seq as number;
    first.close();

    const bidder = await as(bidderUser(0).token);
    const missed = await ask(bidder, 'hall:objection', {
      tenderId: tender.id,
      eventId: randomUUID(),
      text: '补充',
    });
    assert.equal(missed.ok, true);

    const again = await as(bidderUser(2).token);
    const snapshot = await join(again, lastSeen);
    assert.deepEqual(
      snapshot.events.map((e: Wire) => e.id),
      [missed.event!.id],
    );
    assert.equal(snapshot.seq, lastSeen + 1);
    assert.equal(snapshot.objections.length, 2);
    assert.ok(snapshot.opening.sections[0].record, 'the record is in the state');
    const full = await join(again, 0);
    assert.deepEqual(
      full.events.map((e: Wire) => e.seq),
      Array.from({ length: full.seq }, (_, i) => i + 1),
      'from 0: every public event, numbered without gaps',
    );
    const rest = await request(t.app)
      .get(`/api/v1/tenders/${tender.id}/opening-hall?after=${lastSeen}`)
      .set(bearer(bidderUser(2).token))
      .expect(200);
    assert.deepEqual(rest.body.events, snapshot.events);
  });

  it('broadcasts and acknowledges nothing when the commit fails; a retry with the same id counts once', async () => {
    const bidder = await as(bidderUser(0).token);
    const supervisor = await as(w.supervisor.token);
    const supervisorSeen = recorder(supervisor);
    await join(supervisor);
    const db = t.platform.db;
    const transaction = db.transaction.bind(db);
    // Every write reaches the database, then the commit fails: the transaction rolls back.
    db.transaction = ((work: Parameters<typeof transaction>[0]) =>
      transaction(async (tx) => {
        await work(tx);
        throw new Error('commit failed');
      })) as typeof db.transaction;
    const before = { events: await hallEvents(), audit: await audited('opening-hall.objection') };
    const payload = { tenderId: tender.id, eventId: randomUUID(), text: '提交失败时不应广播' };
    try {
      const failed = await ask(bidder, 'hall:objection', payload);
      assert.equal(failed.ok, false);
      assert.equal(failed.error?.code, 'HALL_UNAVAILABLE');
    } finally {
      db.transaction = transaction;
    }
    assert.equal(await hallEvents(), before.events);
    assert.equal(await audited('opening-hall.objection'), before.audit);
    await join(supervisor); // a round trip: a broadcast would have arrived before this answer
    assert.equal(supervisorSeen.events().length, 0);

    const retried = await ask(bidder, 'hall:objection', payload);
    assert.equal(retried.ok, true);
    assert.equal(retried.replayed, false);
    assert.equal((await supervisorSeen.waitFor('objection')).id, retried.event!.id);
    assert.equal(await hallEvents(), before.events + 1);
  });

  it('acknowledges and broadcasts nothing when the database connection is gone', async () => {
    const bidder = await as(bidderUser(0).token);
    const supervisor = await as(w.supervisor.token);
    const supervisorSeen = recorder(supervisor);
    await join(supervisor);
    await t.platform.db.close();
    const failed = await ask(bidder, 'hall:objection', {
      tenderId: tender.id,
      eventId: randomUUID(),
      text: '断',
    });
    assert.equal(failed.ok, false);
    await ask(supervisor, 'hall:leave', { tenderId: tender.id }); // a round trip
    assert.equal(supervisorSeen.events().length, 0);
  });
});

describe('opening hall: who answers objections (mayAnswer)', () => {
  const actor = (role: Role, partyId: string | null) =>
    ({ role, partyId, userId: 'u', username: 'u', displayName: 'u', sessionId: 's' }) as unknown as Actor;
  const run = (agencyPartyId: string | null) => ({ tendereePartyId: 'T', agencyPartyId }) as Tender;

  it('is the appointed agency when there is one, never its tenderee or another agency', () => {
    assert.equal(mayAnswer(actor('agency', 'A'), run('A')), true);
    assert.equal(mayAnswer(actor('tenderee', 'T'), run('A')), false);
    assert.equal(mayAnswer(actor('agency', 'B'), run('A')), false);
  });

  it('is the tenderee when it runs the tender itself; nobody else', () => {
    assert.equal(mayAnswer(actor('tenderee', 'T'), run(null)), true);
    for (const who of [actor('agency', 'A'), actor('bidder', 'T'), actor('supervisor', null), null]) {
      assert.equal(mayAnswer(who, run(null)), false);
    }
  });
});
