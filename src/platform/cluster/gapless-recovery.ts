import type { Socket } from 'socket.io';
import { Adapter, type BroadcastOptions, type Session } from 'socket.io-adapter';

/** What the patch needs of the Redis streams adapter (0.3.x) beyond the public `Adapter`. */
interface StreamsAdapter extends Adapter {
  /** Called, per packet, right before the packet is delivered to this node's sockets (cluster-adapter.js). */
  addOffsetIfNecessary(packet: Packet, opts: BroadcastOptions, offset: string): void;
}

interface Packet {
  type: number;
  data: unknown[];
  id?: number;
}

/** A packet delivered on this node while a recovered socket was not in its rooms yet. */
interface Kept {
  offset: string;
  packet: Packet;
  opts: BroadcastOptions;
}

/** A restored socket waits at most this long to connect before its place is given up. */
const WAIT_MS = 30_000;

/**
 * Closes a gap in the Redis streams adapter's connection state recovery. `restoreSession` reads the
 * entries the client missed with XRANGE; Socket.IO puts the socket back in its rooms a few promise steps
 * later. A broadcast whose XADD answer came in the same read as the last XRANGE answer is delivered to this
 * node's sockets in between: the socket is not in its rooms yet, and the entry is not among the missed ones
 * either, so that client never gets it (the two-node bench found it; 200 clients cut during a stream of
 * pushes lacked one each, about 7 in 10 of them). While a restore is under way, this keeps what is
 * delivered on this node; the moment the recovered socket connects, before any later push, it gets those
 * that came after its last missed entry and that its rooms would have received, with their stream offsets.
 */
export function gaplessRecovery(adapter: Adapter): Adapter {
  const streams = adapter as StreamsAdapter;
  const deliver = streams.addOffsetIfNecessary.bind(streams);
  const restore = streams.restoreSession.bind(streams);
  let restoring = 0;
  /** Restored sockets not connected yet: the last stream offset each has, and since when it waits. */
  const waiting = new Map<string, { offset: string; since: number }>();
  let kept: Kept[] = [];

  streams.addOffsetIfNecessary = (packet, opts, offset) => {
    deliver(packet, opts, offset);
    const offsetAdded = packet.data.at(-1) === offset; // events only; not volatile ones, nor those with acks
    if (offsetAdded && (restoring > 0 || waiting.size > 0)) kept.push({ offset, packet, opts });
  };

  streams.restoreSession = async (pid, offset) => {
    restoring += 1;
    try {
      const session: Session = await restore(pid, offset);
      const last = session.missedPackets.at(-1)?.at(-1);
      waiting.set(session.sid, { offset: typeof last === 'string' ? last : offset, since: Date.now() });
      return session;
    } finally {
      restoring -= 1;
      forgetStale();
    }
  };

  (adapter.nsp as { on(event: 'connection', listener: (socket: Socket) => void): void }).on(
    'connection',
    (socket) => {
      const from = waiting.get(socket.id);
      if (!from) return;
      waiting.delete(socket.id);
      for (const { offset, packet, opts } of kept)
        if (after(offset, from.offset) && reaches(socket, opts))
          // The base adapter writes to this node's sockets at once, with the packet's own offset.
          Adapter.prototype.broadcast.call(adapter, packet, {
            rooms: new Set([socket.id]),
            except: new Set<string>(),
            flags: opts.flags,
          });
      forgetStale();
    },
  );

  function forgetStale() {
    const now = Date.now();
    for (const [sid, { since }] of waiting) if (now - since > WAIT_MS) waiting.delete(sid);
    if (restoring === 0 && waiting.size === 0) kept = [];
  }

  return adapter;
}

/** Stream ids are `<milliseconds>-<sequence>`. */
function after(a: string, b: string): boolean {
  const [am = 0n, as = 0n] = a.split('-').map(BigInt);
  const [bm = 0n, bs = 0n] = b.split('-').map(BigInt);
  return am > bm || (am === bm && as > bs);
}

/** Whether a broadcast with these options would have reached the socket, as the adapter decides it. */
function reaches(socket: Socket, opts: BroadcastOptions): boolean {
  const rooms = [...opts.rooms];
  const included = rooms.length === 0 || rooms.some((room) => socket.rooms.has(room));
  return included && ![...(opts.except ?? [])].some((room) => socket.rooms.has(room));
}
