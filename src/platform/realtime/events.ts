import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Actor, RequestContext } from '../auth/roles.js';
import { AppError, validationError } from '../errors.js';
import { authorize, type Access } from '../http/route.js';
import type { Logger } from '../logger.js';
import { socketContext } from './context.js';
import type { SocketCalls, SocketError } from './wire.js';

/** A public event may come from an anonymous socket; any other gets the signed-in actor. */
export type ActorFor<A extends Access> = A extends 'public' ? Actor | null : Actor;

export interface SocketEventInput<D, A extends Access> {
  /** The payload, parsed by the event's schema. */
  data: D;
  actor: ActorFor<A>;
  /** This event's own context (actor, address, request id) for the service and the audit chain. */
  ctx: RequestContext;
  socket: Socket;
}

/**
 * One client→server event: who may send it, what its payload must look like, and the work it does. The
 * handler's promise resolves once its work is committed; only then is the client acknowledged.
 */
export interface SocketEventSpec<N extends string, S extends z.ZodType, A extends Access, R extends object> {
  name: N;
  access: A;
  schema: S;
  handler(input: SocketEventInput<z.output<S>, A>): Promise<R>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySocketEvent = SocketEventSpec<string, z.ZodType, Access, any>;

export function defineSocketEvent<N extends string, S extends z.ZodType, A extends Access, R extends object>(
  spec: SocketEventSpec<N, S, A, R>,
): SocketEventSpec<N, S, A, R> {
  return spec;
}

/**
 * `defineSocketEvent` held to a contract (src/contracts): the name must be one of the contract's events, the
 * schema must accept exactly the contract's payload and the handler must answer the contract's result, so the
 * browser's types and the server's behaviour cannot drift apart.
 */
export function socketEventsFor<C extends SocketCalls<C>>() {
  return <N extends keyof C & string, S extends z.ZodType<unknown, C[N]['input']>, A extends Access>(
    spec: SocketEventSpec<N, S, A, C[N]['result']>,
  ): SocketEventSpec<N, S, A, C[N]['result']> => spec;
}

export interface ServeOptions {
  log: Logger;
  /** Take the address from X-Forwarded-For (TRUST_PROXY), as the REST API does. */
  trustProxy: boolean;
  /**
   * The answer to an unexpected failure (default INTERNAL). Nothing of the error itself reaches the client:
   * it is logged with the request id, which the answer carries.
   */
  unavailable?: { code: string; message: string };
}

const INTERNAL = { code: 'INTERNAL', message: 'Something went wrong; the request id identifies it' };

/** Answers every event of `events` on each socket of the namespace. */
export function serveSocketEvents(
  ns: Namespace,
  events: readonly AnySocketEvent[],
  options: ServeOptions,
): void {
  let names = served.get(ns);
  if (!names) {
    names = new Set<string>();
    served.set(ns, names);
    answerUnknownEvents(ns, names);
  }
  for (const event of events) {
    if (names.has(event.name)) throw new Error(`socket event ${event.name} is defined twice on ${ns.name}`);
    names.add(event.name);
  }
  ns.on('connection', (socket) => {
    for (const event of events)
      socket.on(event.name, (...args: unknown[]) => void dispatch(event, socket, args, options));
  });
}

/** The event names each namespace serves, across every serveSocketEvents call on it. */
const served = new WeakMap<Namespace, Set<string>>();

/**
 * An event the namespace does not serve still gets an answer when the client asked for one, so a client with
 * a typo or an old version learns why nothing happened instead of waiting for its timeout.
 */
function answerUnknownEvents(ns: Namespace, names: ReadonlySet<string>): void {
  ns.on('connection', (socket) => {
    socket.onAny((name: unknown, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof name !== 'string' || names.has(name) || typeof ack !== 'function') return;
      (ack as (answer: object) => void)({
        ok: false,
        error: { code: 'UNKNOWN_EVENT', message: `This connection has no event named ${name.slice(0, 64)}` },
      });
    });
  });
}

async function dispatch(event: AnySocketEvent, socket: Socket, args: unknown[], options: ServeOptions) {
  const ack = args.at(-1);
  if (typeof ack !== 'function') {
    // Without an acknowledgement the client could never learn whether the step was done, so none is done.
    options.log.debug(
      { event: event.name, namespace: socket.nsp.name },
      'socket event without an ack ignored',
    );
    return;
  }
  const actor = (socket.data as { actor?: Actor | null }).actor ?? null;
  const ctx = socketContext(socket, actor, options.trustProxy);
  let answer: object;
  try {
    authorize(event.access, actor);
    const payloads = args.slice(0, -1);
    if (payloads.length > 1)
      throw new AppError(422, 'VALIDATION_FAILED', 'An event carries one payload', [
        { path: '', message: `${payloads.length} payloads`, code: 'too_many_payloads' },
      ]);
    const parsed = event.schema.safeParse(payloads[0]);
    if (!parsed.success) throw validationError(parsed.error);
    const result: object = await event.handler({ data: parsed.data, actor, ctx, socket });
    answer = { ok: true, ...result };
  } catch (err) {
    answer = { ok: false, error: errorAnswer(err, event, socket, ctx, options) };
  }
  (ack as (answer: object) => void)(answer);
}

function errorAnswer(
  err: unknown,
  event: AnySocketEvent,
  socket: Socket,
  ctx: RequestContext,
  options: ServeOptions,
): SocketError {
  const { requestId } = ctx;
  if (err instanceof AppError) {
    if (err.status >= 500) options.log.error({ err, event: event.name, requestId }, 'socket event failed');
    return { code: err.code, message: err.message, details: err.details, requestId };
  }
  // Nothing was committed, or it is unknown whether it was: the client may retry (hall steps carry their id).
  options.log.error({ err, event: event.name, namespace: socket.nsp.name, requestId }, 'socket event failed');
  return { ...(options.unavailable ?? INTERNAL), requestId };
}
