import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import type { SessionResolver } from '../src/platform/auth/authenticate.js';
import { connectRedisCluster, localCluster, type Cluster } from '../src/platform/cluster/index.js';
import type { Logger } from '../src/platform/logger.js';
import { defineSocketEvent, Realtime, type RealtimeNamespace } from '../src/platform/realtime/index.js';
import { bearer, createAdmin, createPartyUser, login, type TestUser } from './helpers/api.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { nextEvent, withTimeout } from './helpers/sockets.js';

/**
 * Connection state recovery (docs/design.md §7): a socket that drops and comes back within two minutes gets
 * every push sent to its rooms meanwhile, in order, and then the live ones, with none missing between them.
 * The session lookup of the handshake used to run again on recovery while the socket already sat in its
 * rooms but was not yet connected: a push sent in that time reached nobody (found by the two-node bench: a
 * supervisor lacking one log entry). The lookup is held open here by a gate, so the window is not left to
 * chance. Runs with the one-node adapter, and with the Redis Streams adapter where TEST_REDIS_URL is given.
 */
const clusters: [string, (log: Logger) => Promise<Cluster>][] = [['one node', async () => localCluster()]];
const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) clusters.push(['Redis streams adapter', (log) => connectRedisCluster(redisUrl, log)]);

/** A session lookup the test can hold: `hold()` makes the next lookups wait until `release()`. */
class GatedSessions implements SessionResolver {
  private gate: Promise<void> | null = null;
  private releaseGate = () => {};
  private onEnter: (() => void) | null = null;

  constructor(private readonly inner: SessionResolver) {}

  hold(): Promise<void> {
    this.gate = new Promise((resolve) => (this.releaseGate = resolve));
    return new Promise((resolve) => (this.onEnter = resolve));
  }

  release(): void {
    this.gate = null;
    this.releaseGate();
  }

  async resolve(token: string) {
    this.onEnter?.();
    this.onEnter = null;
    if (this.gate) await this.gate;
    return this.inner.resolve(token);
  }
}

for (const [adapterName, connect] of clusters) {
  describe(`realtime: a recovered connection misses no push (${adapterName})`, function () {
    this.timeout(60_000);
    let t: TestPlatform;
    let cluster: Cluster;
    let http: HttpServer;
    let realtime: Realtime;
    let ns: RealtimeNamespace;
    let sessions: GatedSessions;
    let base: string;
    let bidder: TestUser;
    let n = 0;
    const clients: Socket[] = [];
    const gone = new Map<string, () => void>();
    const serverGone = (sid: string) => new Promise<void>((resolve) => gone.set(sid, resolve));

    const push = () => {
      ns.to('watchers').emit('n', ++n);
      return n;
    };

    before(async () => {
      t = await createTestPlatform();
      cluster = await connect(t.platform.log);
      const admin = await createAdmin(t);
      bidder = await createPartyUser(t, admin, 'bidder');
      sessions = new GatedSessions(t.platform.identity);
      http = createServer(t.app);
      realtime = new Realtime(
        http,
        sessions,
        t.platform.events,
        t.clock,
        t.platform.log,
        cluster.socketAdapter(),
      );
      // A namespace of its own per run: on Redis the stream is shared with every other test.
      ns = realtime.namespace(`/recovery-${Date.now().toString(36)}`);
      ns.on('connection', (socket) => {
        if (!socket.recovered) void socket.join('watchers');
        socket.on('disconnect', () => gone.get(socket.id)?.());
      });
      const ping = defineSocketEvent({
        name: 'ping',
        access: 'authenticated',
        schema: z.undefined(),
        handler: async ({ actor }) => ({ userId: actor.userId }),
      });
      realtime.serve(ns, [ping], { trustProxy: false });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(http.address() as AddressInfo).port}${ns.name}`;
    });
    after(async () => {
      for (const c of clients) c.close();
      await realtime?.close();
      await cluster?.close();
      await t?.close();
    });

    /** A client as the web app opens one, but reconnected by the test (no timer decides when). */
    async function watcher(token: string) {
      const socket = io(base, {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      clients.push(socket);
      const seen: number[] = [];
      socket.on('n', (value: number) => seen.push(value));
      await nextEvent(socket, 'connect');
      // The first push gives the client an offset to recover from.
      const first = nextEvent<number>(socket, 'n');
      push();
      await first;
      return { socket, seen };
    }

    /** Cuts the transport as a network drop would, and waits until the server saw it and kept the session. */
    async function cut(socket: Socket) {
      // On Redis the session is written by the same connection that later reads it back: in that order.
      const seenByServer = serverGone(socket.id!);
      socket.io.engine.close();
      await withTimeout(seenByServer, 'the server to see the drop');
    }

    async function reconnect(socket: Socket) {
      const back = nextEvent(socket, 'connect');
      socket.connect();
      await back;
      assert.equal(socket.recovered, true, 'the connection state was recovered');
    }

    it('delivers the pushes sent while away, while the session is looked up again, and after, in order', async () => {
      const token = await login(t.app, bidder.username);
      const { socket, seen } = await watcher(token);
      const sent = [n];
      await cut(socket);
      sent.push(push()); // while away: kept with the session
      const lookingUp = sessions.hold();
      const back = reconnect(socket);
      await lookingUp;
      sent.push(push()); // while the session is looked up again
      sessions.release();
      await back;
      const last = push();
      sent.push(last);
      await withTimeout(
        new Promise<void>((resolve) => socket.on('n', (value: number) => value === last && resolve())),
        'the last push',
      );
      assert.deepEqual(seen, sent);
      assert.equal(socket.connected, true);
    });

    it('ends a recovered connection whose session was ended while it was away', async () => {
      const token = await login(t.app, bidder.username);
      const { socket } = await watcher(token);
      await cut(socket);
      await request(t.app).post('/api/v1/auth/logout').set(bearer(token)).expect(204);
      const expired = nextEvent(socket, 'session_expired');
      const ended = new Promise<string>((resolve) => socket.on('disconnect', resolve));
      socket.connect();
      await expired;
      assert.equal(await withTimeout(ended, 'disconnect'), 'io server disconnect');
    });

    it('still ends a recovered connection at its session end, on its next event', async () => {
      const token = await login(t.app, bidder.username);
      const { socket } = await watcher(token);
      await cut(socket);
      await reconnect(socket);
      const answer = (await socket.timeout(5000).emitWithAck('ping')) as { ok: boolean };
      assert.equal(answer.ok, true, JSON.stringify(answer));
      t.clock.advance(t.platform.config.SESSION_TTL_HOURS * 3600_000);
      const expired = nextEvent(socket, 'session_expired');
      socket.emit('ping', () => assert.fail('no answer after the session ended'));
      await expired;
    });

    it('gives each of 200 connections cut at once every push, once and in order, while pushes keep coming', async () => {
      const token = await login(t.app, bidder.username);
      const watchers = [];
      for (let i = 0; i < 200; i++) watchers.push(await watcher(token));
      let pushing = true;
      const pusher = (async () => {
        // As fast as the event loop lets it: the steps of a recovery interleave with the pushes.
        while (pushing) {
          push();
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await Promise.all(watchers.map(({ socket }) => cut(socket)));
      await Promise.all(watchers.map(({ socket }) => reconnect(socket)));
      pushing = false;
      await pusher;
      const last = push();
      await Promise.all(
        watchers.map(({ socket, seen }) =>
          withTimeout(
            new Promise<void>((resolve) =>
              seen.at(-1) === last ? resolve() : socket.on('n', (v: number) => v === last && resolve()),
            ),
            'the last push',
          ),
        ),
      );
      const faults = watchers.flatMap(({ seen }, i) => {
        const expected = Array.from({ length: last - seen[0]! + 1 }, (_, k) => seen[0]! + k);
        return canonical(seen) === canonical(expected)
          ? []
          : [`watcher ${i}: ${describeGap(seen, expected)}`];
      });
      assert.deepEqual(faults, []);
    });
  });
}

const canonical = (values: number[]) => values.join(',');

/** The first place where what a watcher got departs from every push in order. */
function describeGap(seen: number[], expected: number[]): string {
  const at = expected.findIndex((value, i) => seen[i] !== value);
  return `expected ${expected[at]} after ${expected[at - 1]}, got ${seen[at]} (${seen.length} of ${expected.length})`;
}
