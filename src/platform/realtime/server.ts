import type { Server as HttpServer } from 'node:http';
import { Server, type DefaultEventsMap, type Namespace, type ServerOptions, type Socket } from 'socket.io';
import { z } from 'zod';
import type { SessionResolver } from '../auth/authenticate.js';
import type { Actor } from '../auth/roles.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import { defineSocketEvent, serveSocketEvents, type AnySocketEvent, type ServeOptions } from './events.js';
import { rooms } from './rooms.js';

export interface SocketData {
  /** The session's user on an authenticated namespace; null on a public one. */
  actor: Actor | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EventsMap = { [event: string]: (...args: any[]) => void };

/** A namespace whose server→client events are typed by `E` (see `ServerEventsOf` in wire.ts). */
export type RealtimeNamespace<E extends EventsMap = DefaultEventsMap> = Namespace<
  DefaultEventsMap,
  E,
  DefaultEventsMap,
  SocketData
>;

/** Who the socket is, as the REST API's GET /auth/me tells it. */
const whoami = defineSocketEvent({
  name: 'whoami',
  access: 'authenticated',
  schema: z.undefined(),
  handler: async ({ actor }) => {
    const { userId, username, displayName, role, partyId } = actor;
    return { userId, username, displayName, role, partyId };
  },
});

/**
 * Socket.IO on the HTTP server's port. Every namespace authenticates its handshake with the same session
 * token as the REST API (`auth: { token }`); a bad token fails the connection with `connect_error`
 * ("UNAUTHENTICATED"). A connection lives no longer than its session: the first event after the session
 * expired gets `session_expired` and a disconnect. Modules add their namespaces through `namespace()` (or
 * `publicNamespace()` for anonymous watchers) and answer events with `serve()` (events.ts).
 */
export class Realtime {
  readonly io: Server;
  private readonly namespaces: Namespace[] = [];

  constructor(
    http: HttpServer,
    private readonly sessions: SessionResolver,
    events: EventBus,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Several nodes: the cluster's adapter, so a room emit on one node reaches sockets on every node. */
    adapter?: ServerOptions['adapter'],
  ) {
    this.io = new Server(http, {
      ...(adapter && { adapter }),
      serveClient: false,
      maxHttpBufferSize: 64 * 1024,
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
    });
    this.serve(this.namespace('/'), [whoami], { trustProxy: false });
    // A logout ends the session's live connections too.
    events.on('session.revoked', ({ sessionId }) => {
      for (const ns of this.namespaces) ns.in(rooms.session(sessionId)).disconnectSockets(true);
    });
  }

  /**
   * A namespace for signed-in users only. A socket that comes back within two minutes is recovered by
   * Socket.IO (its rooms, its data and the pushes it missed) without running this middleware again: while a
   * middleware ran, the socket sat in its rooms but was not yet connected, and a push sent to those rooms in
   * that time was dropped for it, after the missed ones and before the next. So a recovered socket is
   * admitted at once, and its session is checked again just after (`recheck`).
   */
  namespace<E extends EventsMap = DefaultEventsMap>(name: string): RealtimeNamespace<E> {
    const ns = this.io.of(name) as RealtimeNamespace<E>;
    ns.use((socket, next) => {
      this.authenticate(socket.handshake.auth?.token).then(
        (actor) => {
          if (!actor) return next(new Error('UNAUTHENTICATED'));
          socket.data.actor = actor;
          void socket.join([rooms.user(actor.userId), rooms.session(actor.sessionId)]);
          this.endWithSession(socket, actor);
          next();
        },
        (err: unknown) => {
          // The session store failed (not the client): refuse this connection, keep the process.
          this.log.error({ err, namespace: name }, 'realtime handshake failed');
          next(new Error('UNAVAILABLE'));
        },
      );
    });
    ns.on('connection', (socket) => {
      if (!socket.recovered) return;
      const restored = socket.data.actor;
      if (!restored) return void socket.disconnect(true);
      // A session kept in Redis comes back through msgpack: the instant is kept, its type is not promised.
      const actor = { ...restored, sessionExpiresAt: new Date(restored.sessionExpiresAt) };
      socket.data.actor = actor;
      this.endWithSession(socket, actor);
      this.recheck(socket, actor, name);
    });
    this.namespaces.push(ns);
    this.log.debug({ namespace: name }, 'realtime namespace ready');
    return ns;
  }

  /** The socket's first event after its session's end gets `session_expired` and a disconnect. */
  private endWithSession(socket: Socket, actor: Actor): void {
    const endsAt = actor.sessionExpiresAt.getTime();
    socket.use((_packet, nextPacket) => {
      if (this.clock.now().getTime() < endsAt) return nextPacket();
      endSession(socket);
    });
  }

  /**
   * A recovered socket's session may have been revoked while it was away (a logout's disconnect found no
   * socket to end), or its token may now belong to no session: then it is ended as a logout ends it.
   */
  private recheck(socket: Socket, actor: Actor, namespace: string): void {
    this.authenticate(socket.handshake.auth?.token).then(
      (current) => {
        if (current?.sessionId === actor.sessionId) return;
        endSession(socket);
      },
      (err: unknown) => {
        this.log.error({ err, namespace }, 'realtime session recheck failed');
        socket.disconnect(true);
      },
    );
  }

  private async authenticate(token: unknown): Promise<Actor | null> {
    if (typeof token !== 'string' || token.length > 200) return null;
    return this.sessions.resolve(token);
  }

  /** A namespace anyone may connect to without a token: its events see a null actor. */
  publicNamespace<E extends EventsMap = DefaultEventsMap>(name: string): RealtimeNamespace<E> {
    const ns = this.io.of(name) as RealtimeNamespace<E>;
    ns.use((socket, next) => {
      socket.data.actor = null;
      next();
    });
    this.log.debug({ namespace: name }, 'realtime public namespace ready');
    return ns;
  }

  /** Answers the events on every socket of the namespace: access, validation, errors, ack after commit. */
  serve(ns: Namespace, events: readonly AnySocketEvent[], options: Omit<ServeOptions, 'log'>): void {
    serveSocketEvents(ns, events, { log: this.log, ...options });
  }

  close(): Promise<void> {
    return this.io.close();
  }
}

/**
 * Tells the socket its session ended, then closes it. Every namespace may send `session_expired`, whatever its
 * own map says. With connection state recovery on, `socket.emit` goes through the adapter, which on Redis
 * first appends to the stream: the disconnect would overtake it. An emit to the socket's own room on this
 * node only is written at once.
 */
export function endSession(socket: Socket): void {
  socket.nsp.to(socket.id).local.emit('session_expired');
  socket.disconnect(true);
}
