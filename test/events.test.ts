import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import type { AnyEnvelope, EventName, Handler } from '../src/platform/events.js';
import { bearer, createAdmin, login, registration, type TestUser } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

/** The platform's error log, kept in memory so a test can see what a failing subscriber left behind. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'error' }, sink), lines };
}

describe('event bus: domain events published after commit', () => {
  let t: TestPlatform;
  let admin: TestUser;
  let logLines: Record<string, unknown>[];
  const unsubscribe: (() => void)[] = [];

  /** Subscribes for the length of one test. */
  function on<K extends EventName>(name: K, handler: Handler<K>) {
    unsubscribe.push(t.platform.events.on(name, handler));
  }
  function collect<K extends EventName>(name: K) {
    const seen: unknown[] = [];
    on(name, (payload) => {
      seen.push(payload);
    });
    return seen;
  }
  const register = (body = registration('bidder')) => request(t.app).post('/api/v1/parties').send(body);

  before(async () => {
    const memory = memoryLogger();
    logLines = memory.lines;
    t = await createTestPlatform({}, { log: memory.log });
    admin = await createAdmin(t);
  });
  after(() => t.close());
  afterEach(() => {
    for (const off of unsubscribe.splice(0)) off();
    logLines.length = 0;
  });

  it('does not hold the request for a subscriber that never finishes', async () => {
    on('party.registered', () => new Promise<void>(() => undefined));
    await register().expect(201);
    await register().expect(201);
  });

  it("delivers 'party.registered' with the party's id once the registration has committed", async () => {
    const committed: boolean[] = [];
    const seen: { partyId: string; kind: string; name: string }[] = [];
    // Delivery is not awaited by the publisher, so the test waits for its handler to finish.
    const handled = new Promise<void>((resolve) =>
      on('party.registered', async (payload) => {
        seen.push(payload);
        // Read outside the registration's transaction: the row is only visible once it committed.
        committed.push((await t.platform.parties.find(payload.partyId)) !== null);
        resolve();
      }),
    );
    const body = registration('tenderee');
    const res = await register(body).expect(201);
    await handled;

    assert.deepEqual(seen, [{ partyId: res.body.party.id, kind: 'tenderee', name: body.party.name }]);
    assert.deepEqual(committed, [true]);
  });

  it('delivers nothing for a registration that fails (duplicate USCC, taken username)', async () => {
    const registered = collect('party.registered');
    const usersCreated = collect('user.created');
    const first = registration('bidder');
    const ok = await register(first).expect(201);
    registered.length = 0;
    usersCreated.length = 0;

    const sameUscc = registration('bidder');
    sameUscc.party.uscc = first.party.uscc;
    assert.equal((await register(sameUscc).expect(409)).body.error.code, 'USCC_TAKEN');
    // This one gets as far as inserting its party row before the username clashes; it all rolls back.
    const sameUsername = registration('agency', { username: first.account.username });
    assert.equal((await register(sameUsername).expect(409)).body.error.code, 'USERNAME_TAKEN');
    // A later registration goes through, so any stray event of the failed ones would have arrived by now.
    const later = await register().expect(201);

    assert.deepEqual(
      registered.map((p) => (p as { partyId: string }).partyId),
      [later.body.party.id],
    );
    assert.deepEqual(
      usersCreated.map((p) => (p as { userId: string }).userId),
      [later.body.user.id],
    );
    assert.notEqual(ok.body.party.id, later.body.party.id);
  });

  it('answers 201 and still serves the other subscribers when one subscriber throws', async () => {
    const beforeThrow: string[] = [];
    const afterThrow: string[] = [];
    const any: string[] = [];
    on('party.registered', ({ partyId }) => {
      beforeThrow.push(partyId);
    });
    on('party.registered', () => {
      throw new Error('subscriber bug (sync)');
    });
    on('party.registered', async () => {
      await Promise.resolve();
      throw new Error('subscriber bug (async)');
    });
    on('party.registered', ({ partyId }) => {
      afterThrow.push(partyId);
    });
    unsubscribe.push(
      t.platform.events.onAny((name) => {
        any.push(name);
      }),
    );

    const res = await register().expect(201);
    const partyId = res.body.party.id as string;
    assert.deepEqual(beforeThrow, [partyId]);
    assert.deepEqual(afterThrow, [partyId]);
    assert.ok(any.includes('party.registered'));
    assert.equal(await t.platform.parties.find(partyId).then((p) => p?.id), partyId, 'the party was kept');

    const failures = logLines.filter((l) => l.msg === 'event handler failed');
    assert.equal(failures.length, 2, 'each failing handler is logged');
    for (const line of failures) assert.equal(line.event, 'party.registered');
    const messages = failures.map((l) => (l.err as { message: string }).message).sort();
    assert.deepEqual(messages, ['subscriber bug (async)', 'subscriber bug (sync)']);
  });

  it('does not break the publisher when an onAny subscriber throws', async () => {
    const seen: string[] = [];
    unsubscribe.push(
      t.platform.events.onAny(() => {
        throw new Error('supervision feed down');
      }),
    );
    on('party.registered', ({ partyId }) => {
      seen.push(partyId);
    });
    const res = await register().expect(201);
    assert.deepEqual(seen, [res.body.party.id]);
    assert.ok(
      logLines.some((l) => (l.err as { message?: string } | undefined)?.message === 'supervision feed down'),
    );
  });

  it('shows every event to onAny, with its name and payload', async () => {
    const seen: { name: string; payload: Record<string, unknown> }[] = [];
    const envelopes: AnyEnvelope[] = [];
    unsubscribe.push(
      t.platform.events.onAny((name, payload, envelope) => {
        seen.push({ name, payload: payload as Record<string, unknown> });
        envelopes.push(envelope);
      }),
    );
    const body = registration('agency');
    const res = await register(body).expect(201);
    const partyId = res.body.party.id as string;
    const userId = res.body.user.id as string;
    await request(t.app)
      .post(`/api/v1/parties/${partyId}/verification`)
      .set(bearer(admin.token))
      .send({ decision: 'approve' })
      .expect(200);
    const token = await login(t.app, body.account.username);
    await request(t.app).post('/api/v1/auth/logout').set(bearer(token)).expect(204);

    const byName = (name: string) => seen.filter((e) => e.name === name).map((e) => e.payload);
    assert.deepEqual(byName('party.registered'), [{ partyId, kind: 'agency', name: body.party.name }]);
    assert.deepEqual(byName('user.created'), [{ userId, role: 'agency', partyId }]);
    assert.deepEqual(byName('party.verified'), [{ partyId, decision: 'approve' }]);
    // Each comes with its envelope: who made the change, from where, its place in the stream.
    const verified = envelopes.find((e) => e.type === 'party.verified')!;
    assert.deepEqual(verified.actor, { userId: admin.userId, role: 'admin', name: verified.actor?.name });
    assert.match(verified.ip, /127\.0\.0\.1/);
    assert.equal(
      envelopes.find((e) => e.type === 'party.registered')?.actor,
      null,
      'registration is anonymous',
    );
    const stored = await t.platform.events.read(verified.seq - 1, 1);
    assert.deepEqual(stored, [{ ...verified, data: { ...verified.data } }]);
    assert.equal(byName('session.revoked').length, 1);
    assert.equal(byName('session.revoked')[0]!.userId, userId);
    assert.deepEqual(seen.map((e) => e.name).sort(), [
      'party.registered',
      'party.verified',
      'session.revoked',
      'user.created',
    ]);
  });

  it('stops delivering to a subscriber once it unsubscribes', async () => {
    const seen: string[] = [];
    const off = t.platform.events.on('party.registered', ({ partyId }) => {
      seen.push(partyId);
    });
    const first = await register().expect(201);
    off();
    await register().expect(201);
    assert.deepEqual(seen, [first.body.party.id]);
  });
});
