/** The realtime kit: Socket.IO namespaces with session auth, and events declared like REST routes. */
export { endSession, Realtime, type RealtimeNamespace, type SocketData } from './server.js';
export {
  defineSocketEvent,
  serveSocketEvents,
  socketEventsFor,
  type ActorFor,
  type AnySocketEvent,
  type ServeOptions,
  type SocketEventInput,
  type SocketEventSpec,
} from './events.js';
export { socketContext, socketIp } from './context.js';
export { rooms } from './rooms.js';
export type * from './wire.js';
