import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Socket } from 'socket.io-client';
import { z } from 'zod';
import type { HallCalls, HallClientEvents, HallServerEvents } from '../src/contracts/index.js';
import { conflict } from '../src/platform/errors.js';
import {
  defineSocketEvent,
  rooms,
  serveSocketEvents,
  socketEventsFor,
  socketIp,
  type AnySocketEvent,
  type ServerEventsOf,
  type SocketAnswer,
} from '../src/platform/realtime/index.js';
import { createAdmin, createPartyUser, type TestUser } from './helpers/api.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients, withTimeout } from './helpers/sockets.js';

type Answer = SocketAnswer<Record<string, unknown>> & {
  error?: { code: string; message: string; details?: unknown; requestId?: string };
} & Record<string, unknown>;

const ask = async (socket: Socket, event: string, ...payload: unknown[]): Promise<Answer> =>
  (await socket.timeout(5000).emitWithAck(event, ...payload)) as Answer;

/** A gate a handler waits on inside its transaction, opened by the test. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('realtime kit: defineSocketEvent (access, validation, errors, ack after commit)', function () {
  this.timeout(30_000);
  let server: TestServer;
  let sockets: SocketClients;
  let admin: TestUser;
  let bidder: TestUser;
  const logLines: {
    level: number;
    msg: string;
    requestId?: string;
    err?: { message: string; stack: string };
  }[] = [];
  const calls = new Map<string, number>();
  let noteGate = { opened: Promise.resolve(), open: () => undefined as void };
  let entered = gate();

  const called = (name: string) => calls.get(name) ?? 0;
  const count = (name: string) => calls.set(name, called(name) + 1);
  const notes = (subject: string) =>
    server.testPlatform.platform.models.AuditEntry.count({ where: { action: 'kit.note', subject } });

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    admin = await createAdmin(server.testPlatform);
    bidder = await createPartyUser(server.testPlatform, admin, 'bidder');
    const { db, audit } = server.testPlatform.platform;
    const log = pino(
      { level: 'debug' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(JSON.parse(chunk.toString()));
          done();
        },
      }),
    );
    const events: AnySocketEvent[] = [
      defineSocketEvent({
        name: 'kit:note',
        access: ['bidder'],
        schema: z.strictObject({ text: z.string().min(1).max(20) }),
        handler: async ({ data, ctx }) => {
          count('kit:note');
          await db.transaction(async (tx) => {
            await audit.append(tx, ctx, { action: 'kit.note', subject: `note:${data.text}` });
            entered.open();
            await noteGate.opened; // written, not yet committed
            if (data.text === 'rollback')
              throw new Error('commit failed: password hunter2 in /srv/secret.ts');
          });
          return { requestId: ctx.requestId };
        },
      }),
      defineSocketEvent({
        name: 'kit:conflict',
        access: 'authenticated',
        schema: z.object({}),
        handler: async () => {
          count('kit:conflict');
          throw conflict('KIT_ALREADY_DONE', 'It was done already', { doneAt: '2026-01-01' });
        },
      }),
      defineSocketEvent({
        name: 'kit:ping',
        access: 'public',
        schema: z.undefined(),
        handler: async ({ actor, ctx }) => ({
          pong: true,
          userId: actor?.userId ?? null,
          ip: ctx.ip,
          requestId: ctx.requestId,
        }),
      }),
    ];
    const { realtime } = server;
    serveSocketEvents(realtime.namespace('/kit'), events, { log, trustProxy: false });
    serveSocketEvents(realtime.publicNamespace('/kit-public'), events, { log, trustProxy: false });
    serveSocketEvents(realtime.publicNamespace('/kit-proxied'), events, { log, trustProxy: true });
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(() => {
    sockets = new SocketClients(server.baseUrl);
    noteGate = { opened: Promise.resolve(), open: () => undefined };
    entered = gate();
  });
  afterEach(() => sockets.closeAll());

  it('acknowledges { ok: true, ...answer } only once the handler committed: the row is there', async () => {
    const socket = await sockets.connect(bidder.token, '/kit');
    noteGate = gate();
    let settled = false;
    const answered = ask(socket, 'kit:note', { text: 'committed' }).finally(() => (settled = true));
    await withTimeout(entered.opened, 'the handler to write');
    // A round trip while the transaction is open: the other event is answered, this one is not.
    assert.equal((await ask(socket, 'kit:ping')).pong, true);
    assert.equal(settled, false, 'acknowledged before the commit');
    noteGate.open();
    const answer = await answered;
    assert.equal(answer.ok, true, JSON.stringify(answer));
    const entry = await server.testPlatform.platform.models.AuditEntry.findOne({
      where: { action: 'kit.note', subject: 'note:committed' },
    });
    assert.ok(entry, 'the row exists when the ack arrives');
    // The event's own context reached the audit chain: who, from where, under which request id.
    assert.equal(entry.requestId, answer.requestId);
    assert.match(String(entry.requestId), /^ws-[0-9a-f-]{36}$/);
    assert.equal(entry.actorUserId, bidder.userId);
    assert.match(String(entry.ip), /127\.0\.0\.1/);
  });

  it('answers INTERNAL with no message, stack or path when the handler fails; nothing is kept; the log has it', async () => {
    const socket = await sockets.connect(bidder.token, '/kit');
    const answer = await ask(socket, 'kit:note', { text: 'rollback' });
    assert.equal(answer.ok, false);
    assert.equal(answer.error?.code, 'INTERNAL');
    const wire = JSON.stringify(answer);
    for (const leak of ['hunter2', 'commit failed', 'secret.ts', 'at ', 'stack'])
      assert.ok(!wire.includes(leak), `the answer leaks ${leak}: ${wire}`);
    assert.equal(await notes('note:rollback'), 0, 'the write was rolled back');
    const logged = logLines.find((l) => l.requestId === answer.error?.requestId);
    assert.ok(logged, 'logged under the request id the client got');
    assert.equal(logged.level, 50);
    assert.match(logged.err?.stack ?? '', /hunter2/);
  });

  it('maps an AppError to its code, message and details', async () => {
    const socket = await sockets.connect(bidder.token, '/kit');
    const answer = await ask(socket, 'kit:conflict', {});
    assert.deepEqual(
      {
        ok: answer.ok,
        code: answer.error?.code,
        message: answer.error?.message,
        details: answer.error?.details,
      },
      {
        ok: false,
        code: 'KIT_ALREADY_DONE',
        message: 'It was done already',
        details: { doneAt: '2026-01-01' },
      },
    );
    assert.match(String(answer.error?.requestId), /^ws-/);
  });

  it('refuses an invalid payload with VALIDATION_FAILED naming the fields, before the handler runs', async () => {
    const socket = await sockets.connect(bidder.token, '/kit');
    const before = called('kit:note');
    const cases: [unknown[], string][] = [
      [[{ text: '' }], 'text'],
      [[{ text: 5 }], 'text'],
      [[{ text: 'x'.repeat(21) }], 'text'],
      [[{ text: 'ok', extra: true }], ''],
      [[], ''],
      [['a string'], ''],
      [[{ text: 'ok' }, { text: 'two payloads' }], ''],
    ];
    for (const [payload, path] of cases) {
      const answer = await ask(socket, 'kit:note', ...payload);
      assert.equal(answer.error?.code, 'VALIDATION_FAILED', JSON.stringify(payload));
      const details = answer.error?.details as { path: string }[];
      assert.ok(Array.isArray(details) && details.length > 0);
      assert.equal(details[0]!.path, path, JSON.stringify(payload));
    }
    assert.equal(called('kit:note'), before, 'no handler ran');
  });

  it('checks access per event before the payload: FORBIDDEN for a wrong role, UNAUTHENTICATED anonymously', async () => {
    const before = called('kit:note');
    const asAdmin = await sockets.connect(admin.token, '/kit');
    assert.equal((await ask(asAdmin, 'kit:note', { text: 'admin' })).error?.code, 'FORBIDDEN');
    assert.equal((await ask(asAdmin, 'kit:note', { text: '' })).error?.code, 'FORBIDDEN');
    assert.equal(
      (await ask(asAdmin, 'kit:conflict', {})).error?.code,
      'KIT_ALREADY_DONE',
      'any signed-in user',
    );
    const anonymous = await sockets.connect(undefined, '/kit-public');
    assert.equal((await ask(anonymous, 'kit:note', { text: 'anon' })).error?.code, 'UNAUTHENTICATED');
    assert.equal((await ask(anonymous, 'kit:conflict', {})).error?.code, 'UNAUTHENTICATED');
    const ping = await ask(anonymous, 'kit:ping');
    assert.deepEqual([ping.ok, ping.userId], [true, null], 'a public event runs with a null actor');
    assert.equal(called('kit:note'), before);
    assert.equal(await notes('note:admin'), 0);
  });

  it('does nothing for an event without an acknowledgement function', async () => {
    const socket = await sockets.connect(bidder.token, '/kit');
    const before = called('kit:note');
    socket.emit('kit:note', { text: 'no-ack' });
    socket.emit('kit:note', { text: 'no-ack' }, 'not a function');
    await ask(socket, 'kit:ping'); // a round trip: the events above were received before its answer
    assert.equal(called('kit:note'), before);
    assert.equal(await notes('note:no-ack'), 0);
  });

  it('gives each event its own request id, and the address from X-Forwarded-For only when trusted', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' };
    const direct = await sockets.connect(undefined, '/kit-public', headers);
    const [a, b] = [await ask(direct, 'kit:ping'), await ask(direct, 'kit:ping')];
    assert.notEqual(a.requestId, b.requestId);
    assert.match(String(a.ip), /127\.0\.0\.1/, 'not trusted: the connection address');
    const proxied = await sockets.connect(undefined, '/kit-proxied', headers);
    assert.equal((await ask(proxied, 'kit:ping')).ip, '203.0.113.9');
    const handshake = (h: Record<string, string>) =>
      ({ handshake: { headers: h, address: '10.1.1.1' } }) as never;
    assert.equal(socketIp(handshake({ 'x-forwarded-for': 'x'.repeat(100) }), true).length, 64);
    assert.equal(socketIp(handshake({}), true), '10.1.1.1');
  });

  it('refuses two events of the same name on a namespace', () => {
    const ping = defineSocketEvent({
      name: 'dup',
      access: 'public',
      schema: z.undefined(),
      handler: async () => ({}),
    });
    const log = pino({ level: 'silent' });
    assert.throws(
      () =>
        serveSocketEvents(server.realtime.publicNamespace('/kit-dup'), [ping, ping], {
          log,
          trustProxy: false,
        }),
      /dup is defined twice/,
    );
  });

  it('names rooms in one place', () => {
    assert.equal(rooms.tender('t-1'), 'tender:t-1');
    assert.equal(rooms.tender('t-1', 'public'), 'tender:t-1:public');
    assert.equal(rooms.tenderOf('tender:t-1:supervisor'), 't-1');
    assert.equal(rooms.tenderOf(rooms.user('u-1')), null);
  });

  it('holds events and pushes to their contract (checked by tsc over the tests)', async () => {
    const hallEvent = socketEventsFor<HallCalls>();
    const leave = hallEvent({
      name: 'hall:leave',
      access: 'public',
      schema: z.strictObject({ tenderId: z.string() }),
      handler: async () => ({}),
    });
    assert.equal(leave.name, 'hall:leave');
    hallEvent({
      // @ts-expect-error not an event of the contract
      name: 'hall:nope',
      access: 'public',
      schema: z.strictObject({ tenderId: z.string() }),
      handler: async () => ({}),
    });
    hallEvent({
      name: 'hall:join',
      access: 'public',
      // @ts-expect-error the schema's input is not the contract's payload
      schema: z.strictObject({ tenderId: z.number() }),
      handler: async () => ({ snapshot: null as never }),
    });
    hallEvent({
      name: 'hall:check-in',
      access: ['bidder'],
      schema: z.strictObject({ tenderId: z.string(), eventId: z.string() }),
      // @ts-expect-error the answer is not the contract's result
      handler: async () => ({ replayed: 'no' }),
    });
    const typed = server.realtime.namespace<ServerEventsOf<{ 'kit:news': { n: number } }>>('/kit-typed');
    // @ts-expect-error the push's payload is typed
    typed.emit('kit:news', { n: 'one' });
    typed.emit('kit:news', { n: 1 });
    // The browser's socket type: names, payloads and answers from the same contract.
    type HallSocket = Socket<HallServerEvents, HallClientEvents>;
    const client = (await sockets.connect(bidder.token, '/opening')) as unknown as HallSocket;
    const timed = client.timeout(5000);
    const answer = await timed.emitWithAck('hall:leave', { tenderId: randomUUID() });
    assert.equal(answer.ok, true);
    const wrong = { tender: randomUUID() };
    // @ts-expect-error the payload is the contract's
    const refused = await timed.emitWithAck('hall:leave', wrong);
    assert.equal(refused.ok ? 'accepted' : refused.error.code, 'VALIDATION_FAILED');
  });
});
