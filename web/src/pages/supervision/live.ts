import { io, type Socket } from 'socket.io-client';
import type { SupervisionClientEvents, SupervisionServerEvents } from '../../../../src/contracts/index.js';
import { currentSession } from '../../session.js';

/** What moved: an alert (raised, taken up, resolved) or anything else the supervision pages show. */
export interface SupervisionChange {
  kind: 'alert' | 'changed';
  /** The tender concerned; absent when the server named none. */
  tenderId?: string;
}
export type SupervisionListener = (change: SupervisionChange) => void;

type LiveSocket = Socket<SupervisionServerEvents, SupervisionClientEvents>;

const listeners = new Set<SupervisionListener>();
let socket: LiveSocket | null = null;
let socketToken: string | null = null;

function notify(change: SupervisionChange): void {
  // A copy: a listener may unsubscribe (its page left) while the others are told.
  for (const listener of [...listeners]) listener(change);
}

function open(token: string): LiveSocket {
  const s: LiveSocket = io('/supervision', { auth: { token }, transports: ['websocket'] });
  s.on('alert', ({ alert }) => notify({ kind: 'alert', tenderId: alert.tenderId }));
  s.on('changed', ({ tenderIds }) => {
    if (tenderIds.length === 0) notify({ kind: 'changed' });
    for (const tenderId of tenderIds) notify({ kind: 'changed', tenderId });
  });
  // The server ends the connection on a restart: come back (an ended session is refused at the handshake).
  s.on('disconnect', (reason) => {
    if (reason === 'io server disconnect' && socket === s) setTimeout(() => s.connect(), 1000);
  });
  // Back after a drop: what moved meanwhile is unknown, so every page refetches.
  let connectedBefore = false;
  s.on('connect', () => {
    if (connectedBefore) notify({ kind: 'changed' });
    connectedBefore = true;
  });
  return s;
}

function close(): void {
  const s = socket;
  socket = null;
  socketToken = null;
  s?.close();
}

/**
 * Live changes for the supervision pages over one shared socket to `/supervision` (supervisors only),
 * opened with the first listener and closed with the last. Returns the unsubscribe function.
 */
export function subscribeSupervision(listener: SupervisionListener): () => void {
  const token = currentSession()?.token ?? null;
  if (!token) return () => undefined;
  // Another sign-in in this tab since the socket opened: the old session's socket must not stay.
  if (socket && socketToken !== token) close();
  listeners.add(listener);
  if (!socket) {
    socket = open(token);
    socketToken = token;
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) close();
  };
}
