import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io';
import type { Actor, RequestContext } from '../auth/roles.js';

/**
 * The client's address from the handshake. Behind a load balancer (TRUST_PROXY) the first X-Forwarded-For
 * hop, as express's `req.ip` does for REST; otherwise the connection's own address, which a client cannot forge.
 */
export function socketIp(socket: Pick<Socket, 'handshake'>, trustProxy: boolean): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  return ((trustProxy && first) || socket.handshake.address || 'unknown').slice(0, 64);
}

/** A fresh context per event (not per connection): each step gets its own request id in the audit chain. */
export function socketContext(
  socket: Pick<Socket, 'handshake'>,
  actor: Actor | null,
  trustProxy: boolean,
): RequestContext {
  return { actor, ip: socketIp(socket, trustProxy), requestId: `ws-${randomUUID()}` };
}
