import type { Transaction } from 'sequelize';
import type { Role } from './auth/roles.js';
import type { Clock } from './clock.js';
import type { Database } from './db/database.js';
import type { Logger } from './logger.js';
import { EventConsumers, type ConsumerHandler, type ConsumerOptions } from './events/consumers.js';
import { initEventModels, type EventModels } from './events/models.js';
import { EventStore, type AnyEnvelope, type EventEnvelope, type ReadFilter } from './events/store.js';

export { ConsumerError, type ConsumerHandler, type ConsumerOptions } from './events/consumers.js';
export type { AnyEnvelope, EventActor, EventEnvelope, ReadFilter } from './events/store.js';
export type { EventModels } from './events/models.js';

/**
 * Domain events, by name. Modules add their events here by declaration merging:
 *   declare module '../../platform/events.js' { interface DomainEvents { 'tender.published': {...} } }
 * The stream itself (table, consumers) is in ./events/; see ./events/README.md.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}

export type EventName = keyof DomainEvents;
/** A live subscriber: the event's data, and its envelope (who, from where, its place in the stream). */
export type Handler<K extends EventName> = (
  payload: DomainEvents[K],
  envelope: EventEnvelope<K>,
) => void | Promise<void>;
export type TransactionalHandler<K extends EventName> = (
  t: Transaction,
  payload: DomainEvents[K],
  envelope: EventEnvelope<K>,
) => Promise<void>;
/**
 * Who caused an event: a request's context (RequestContext fits), or, for an event derived from another
 * (a notice generated from a published tender), that event's envelope, so both name the same actor.
 */
export interface EventOrigin {
  actor: { userId: string; role: Role; displayName?: string; name?: string } | null;
  ip: string;
  requestId: string;
}

export type AnyHandler = (name: EventName, payload: unknown, envelope: AnyEnvelope) => void | Promise<void>;

export interface EventBusDeps {
  db: Database;
  clock: Clock;
  log?: Logger;
}

/**
 * The domain event stream and its in-process delivery. Every event is written to the durable stream
 * (domain_events) in the publisher's transaction, with who made the change; then:
 * - `within` handlers run in that transaction (derived records that commit or roll back with the change);
 * - once it commits, live subscribers (`on`, `onAny`) hear of it in this process, for pushes that may be
 *   missed (a failing or slow one is logged, never thrown back, never awaited by the publisher);
 * - durable consumers (`consume`) read it from the table by cursor, on any node, exactly once each.
 */
export class EventBus {
  readonly models: EventModels;
  readonly store: EventStore;
  /** The durable consumers: started and stopped with the process (src/server.ts), drained by tests. */
  readonly consumers: EventConsumers;
  private readonly handlers = new Map<EventName, Set<Handler<EventName>>>();
  private readonly transactional = new Map<EventName, Set<TransactionalHandler<EventName>>>();
  private readonly anyHandlers = new Set<AnyHandler>();
  private readonly log?: Logger;

  constructor(deps: EventBusDeps) {
    this.log = deps.log;
    this.models = initEventModels(deps.db.sequelize);
    this.store = new EventStore(this.models, deps.clock);
    this.consumers = new EventConsumers({ ...deps, models: this.models, store: this.store });
  }

  on<K extends EventName>(name: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(name) ?? new Set();
    set.add(handler as unknown as Handler<EventName>);
    this.handlers.set(name, set);
    return () => set.delete(handler as unknown as Handler<EventName>);
  }

  /**
   * A handler that runs inside the publisher's transaction, for derived records that must commit or roll
   * back with the change itself (a notice generated from a published tender). Its failure aborts the change.
   */
  within<K extends EventName>(name: K, handler: TransactionalHandler<K>): () => void {
    const set = this.transactional.get(name) ?? new Set();
    set.add(handler as unknown as TransactionalHandler<EventName>);
    this.transactional.set(name, set);
    return () => set.delete(handler as unknown as TransactionalHandler<EventName>);
  }

  /** Every event, live, e.g. for the supervision stream. */
  onAny(handler: AnyHandler): () => void {
    this.anyHandlers.add(handler);
    return () => this.anyHandlers.delete(handler);
  }

  /**
   * A durable consumer: `handler` gets each committed event (of `opts.types`) in stream order, in a
   * transaction that also moves the consumer's cursor. See ./events/README.md.
   */
  consume(name: string, handler: ConsumerHandler, opts?: ConsumerOptions): void {
    this.consumers.add(name, handler, opts);
  }

  /** Committed events after `afterSeq`, oldest first: for modules that read the stream themselves. */
  read(afterSeq: number, limit: number, filter?: ReadFilter): Promise<AnyEnvelope[]> {
    return this.store.read(afterSeq, limit, filter);
  }

  /** Writes the event in `t` and runs the `within` handlers; live subscribers hear of it after the commit. */
  async emit<K extends EventName>(
    t: Transaction,
    ctx: EventOrigin,
    name: K,
    payload: DomainEvents[K],
  ): Promise<EventEnvelope<K>> {
    // Live delivery waits for the commit, so a `within` handler that throws (and rolls back) cancels it too.
    const envelope = await this.publishAfterCommit(t, ctx, name, payload);
    for (const handler of this.transactional.get(name) ?? []) {
      await handler(t, payload, envelope as unknown as EventEnvelope<EventName>);
    }
    return envelope;
  }

  /**
   * Writes the event in `t` without running `within` handlers; live subscribers hear of it once the
   * transaction commits, and never if it rolls back. Await it: the write belongs to the transaction.
   */
  async publishAfterCommit<K extends EventName>(
    t: Transaction,
    ctx: EventOrigin,
    name: K,
    payload: DomainEvents[K],
  ): Promise<EventEnvelope<K>> {
    const envelope = await this.store.append(t, ctx, name, payload);
    this.deliverAfterCommit(t, envelope);
    return envelope;
  }

  /** publishAfterCommit for several events of one type and origin, written with one head lock and one insert. */
  async publishAllAfterCommit<K extends EventName>(
    t: Transaction,
    ctx: EventOrigin,
    name: K,
    payloads: DomainEvents[K][],
  ): Promise<EventEnvelope<K>[]> {
    const envelopes = await this.store.appendAll(t, ctx, name, payloads);
    for (const envelope of envelopes) this.deliverAfterCommit(t, envelope);
    return envelopes;
  }

  /** Delivery is not awaited: a slow subscriber must not hold the commit (and SQLite's single writer) open. */
  private deliverAfterCommit<K extends EventName>(t: Transaction, envelope: EventEnvelope<K>): void {
    t.afterCommit(() => {
      void this.deliver(envelope as unknown as AnyEnvelope);
      this.consumers.wake(envelope.type);
    });
  }

  private async deliver(envelope: AnyEnvelope): Promise<void> {
    const name = envelope.type;
    const payload = envelope.data;
    const calls = [
      ...[...(this.handlers.get(name) ?? [])].map((h) => () => h(payload, envelope as never)),
      ...[...this.anyHandlers].map((h) => () => h(name, payload, envelope)),
    ];
    await Promise.all(
      calls.map(async (call) => {
        try {
          await call();
        } catch (err) {
          this.log?.error({ err, event: name }, 'event handler failed');
        }
      }),
    );
  }
}
