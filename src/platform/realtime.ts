import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { SessionResolver } from './auth/authenticate.js';
import type { Actor } from './auth/roles.js';
import type { Clock } from './clock.js';
import type { EventBus } from './events.js';
import type { Logger } from './logger.js';

export interface SocketData {
  actor: Actor;
}

export type AuthedSocket = Socket<
  Record<string, never>,
  Record<string, never>,
  Record<string, never>,
  SocketData
>;

/**
 * Socket.IO on the HTTP server's port. Every namespace authenticates its handshake with the same session
 * token as the REST API (`auth: { token }`); a bad token fails the connection with `connect_error`
 * ("UNAUTHENTICATED"). A connection lives no longer than its session: the first event after the session
 * expired gets `session_expired` and a disconnect. Modules add their namespaces through `namespace()`.
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
  ) {
    this.io = new Server(http, {
      serveClient: false,
      maxHttpBufferSize: 64 * 1024,
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 },
    });
    const main = this.namespace('/');
    main.on('connection', (socket) => {
      socket.on('whoami', (ack: unknown) => {
        if (typeof ack !== 'function') return;
        const { userId, username, displayName, role, partyId } = socket.data.actor as Actor;
        ack({ userId, username, displayName, role, partyId });
      });
    });
    // A logout ends the session's live connections too.
    events.on('session.revoked', ({ sessionId }) => {
      for (const ns of this.namespaces) ns.in(`session:${sessionId}`).disconnectSockets(true);
    });
  }

  namespace(name: string): Namespace {
    const ns = this.io.of(name);
    ns.use(async (socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      const actor =
        typeof token === 'string' && token.length <= 200 ? await this.sessions.resolve(token) : null;
      if (!actor) return next(new Error('UNAUTHENTICATED'));
      socket.data.actor = actor;
      socket.join([`user:${actor.userId}`, `session:${actor.sessionId}`]);
      socket.use((_packet, nextPacket) => {
        if (this.clock.now().getTime() < actor.sessionExpiresAt.getTime()) return nextPacket();
        socket.emit('session_expired');
        socket.disconnect(true);
      });
      next();
    });
    this.namespaces.push(ns);
    this.log.debug({ namespace: name }, 'realtime namespace ready');
    return ns;
  }

  close(): Promise<void> {
    return this.io.close();
  }
}
