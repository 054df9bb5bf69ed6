import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { HOSTILE_STRINGS, Rng, hostileJson } from './helpers/hostile-input.js';
import { openingTender, openingWorld, type OpeningWorld } from './helpers/opening.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients } from './helpers/sockets.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const RUNS = Number(process.env.SOCKET_FUZZ_RUNS ?? 1500);

/** The hall's client→server events, and one the server does not know. */
const EVENTS = ['hall:join', 'hall:leave', 'hall:check-in', 'hall:objection', 'hall:answer', 'hall:nope'];
/** What no hostile input may ever cause: the kit's answer for a handler that crashed. */
const CRASHES = new Set(['INTERNAL', 'HALL_UNAVAILABLE']);

interface Ack {
  ok?: boolean;
  error?: { code?: unknown; message?: unknown };
}

/**
 * The socket side of the API fuzz: random malformed and hostile payloads for every opening-hall event, as an
 * anonymous viewer and as each role that can connect, must each get an answer, and an answer that is either a
 * success or an error with a code and a message, never a crash.
 */
describe('socket fuzz: hostile payloads over the opening hall events', function () {
  this.timeout(180_000);
  let server: TestServer;
  let w: OpeningWorld;
  let tender: TenderView;
  let clients: SocketClients;

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    const t = server.testPlatform;
    w = await openingWorld(t, 3);
    tender = await openingTender(t, w);
    clients = new SocketClients(server.baseUrl);
  });
  after(async () => {
    clients.closeAll();
    await server.stop();
  });

  /** The fields each hall event takes, filled with real values (the hall's own tender, fresh event ids). */
  function valid(event: string, rng: Rng): Record<string, unknown> {
    const base = { tenderId: tender.id };
    switch (event) {
      case 'hall:join':
        return rng.chance(0.5) ? { ...base, lastSeq: rng.int(5) } : base;
      case 'hall:check-in':
        return { ...base, eventId: rng.uuid() };
      case 'hall:objection':
        return { ...base, eventId: rng.uuid(), text: '对开标程序有异议' };
      case 'hall:answer':
        return { ...base, eventId: rng.uuid(), objectionId: rng.uuid(), text: '已答复' };
      default:
        return base;
    }
  }

  /**
   * A payload for the event: hostile JSON, or its real shape with one field made hostile, an unknown field
   * added, or nothing changed (so the hall's own checks run too, not only the schema's).
   */
  function payload(event: string, rng: Rng): unknown {
    const body = valid(event, rng);
    switch (rng.int(4)) {
      case 0:
        return hostileJson(rng);
      case 1: {
        const field = rng.pick(Object.keys(body));
        return { ...body, [field]: rng.chance(0.5) ? rng.pick(HOSTILE_STRINGS) : hostileJson(rng) };
      }
      case 2:
        return { ...body, [rng.pick(['__proto__', 'constructor', 'extra'])]: hostileJson(rng) };
      default:
        return body;
    }
  }

  it(`answers ${RUNS} hostile events (seed ${SEED}) without a crash, as every audience`, async () => {
    const rng = new Rng(SEED);
    const sockets: { who: string; socket: Socket }[] = [
      { who: 'anonymous', socket: await clients.connect(undefined, '/opening-public') },
      { who: 'bidder', socket: await clients.connect(w.bidders[0]!.user.token, '/opening') },
      { who: 'agency', socket: await clients.connect(w.agency.token, '/opening') },
      { who: 'tenderee', socket: await clients.connect(w.tenderee.token, '/opening') },
      { who: 'supervisor', socket: await clients.connect(w.supervisor.token, '/opening') },
    ];
    const bad: string[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < RUNS; i++) {
      const { who, socket } = rng.pick(sockets);
      const event = rng.pick(EVENTS);
      const body = payload(event, rng);
      const extra = rng.chance(0.1) ? [hostileJson(rng)] : [];
      let ack: Ack;
      try {
        ack = (await socket.timeout(10_000).emitWithAck(event, body, ...extra)) as Ack;
      } catch {
        bad.push(`${who} ${event} ${JSON.stringify(body)?.slice(0, 200)}: no answer in 10 s`);
        continue;
      }
      const error = ack?.error;
      const fine =
        ack !== null &&
        typeof ack === 'object' &&
        (ack.ok === true ||
          (typeof error?.code === 'string' && typeof error.message === 'string' && !CRASHES.has(error.code)));
      const outcome = ack?.ok === true ? 'ok' : String(error?.code);
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      if (!fine) bad.push(`${who} ${event} ${JSON.stringify(body)?.slice(0, 200)} → ${JSON.stringify(ack)}`);
    }
    assert.deepEqual(bad, [], `FUZZ_SEED=${SEED} SOCKET_FUZZ_RUNS=${RUNS}`);
    // The run reached past validation (some steps succeeded or were refused by the hall itself), and an
    // event the hall does not serve was answered rather than left to time out.
    for (const outcome of ['ok', 'VALIDATION_FAILED', 'UNKNOWN_EVENT', 'FORBIDDEN', 'HALL_NOT_OPEN'])
      assert.ok(seen.has(outcome), `${outcome} among ${JSON.stringify([...seen])}`);
    for (const { socket } of sockets) assert.ok(socket.connected, 'no hostile payload drops the connection');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
