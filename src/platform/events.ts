import type { Transaction } from 'sequelize';
import type { Logger } from './logger.js';

/**
 * Domain events, by name. Modules add their events here by declaration merging:
 *   declare module '../../platform/events.js' { interface DomainEvents { 'tender.published': {...} } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}

export type EventName = keyof DomainEvents;
export type Handler<K extends EventName> = (payload: DomainEvents[K]) => void | Promise<void>;
export type TransactionalHandler<K extends EventName> = (
  t: Transaction,
  payload: DomainEvents[K],
) => Promise<void>;

/**
 * The one in-process event bus. Services publish after their transaction commits; subscribers
 * (opening hall, supervision, realtime bridges) must not be able to break the publisher, so a
 * failing handler is logged, never thrown back.
 */
export class EventBus {
  private readonly handlers = new Map<EventName, Set<Handler<EventName>>>();
  private readonly transactional = new Map<EventName, Set<TransactionalHandler<EventName>>>();
  private readonly anyHandlers = new Set<(name: EventName, payload: unknown) => void | Promise<void>>();

  constructor(private readonly log?: Logger) {}

  on<K extends EventName>(name: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(name) ?? new Set();
    set.add(handler as Handler<EventName>);
    this.handlers.set(name, set);
    return () => set.delete(handler as Handler<EventName>);
  }

  /**
   * A handler that runs inside the publisher's transaction, for derived records that must commit or roll
   * back with the change itself (a notice generated from a published tender). Its failure aborts the change.
   */
  within<K extends EventName>(name: K, handler: TransactionalHandler<K>): () => void {
    const set = this.transactional.get(name) ?? new Set();
    set.add(handler as TransactionalHandler<EventName>);
    this.transactional.set(name, set);
    return () => set.delete(handler as TransactionalHandler<EventName>);
  }

  /** Runs the transactional handlers now, then publishes to everyone else once the transaction commits. */
  async emit<K extends EventName>(t: Transaction, name: K, payload: DomainEvents[K]): Promise<void> {
    for (const handler of this.transactional.get(name) ?? []) await handler(t, payload);
    this.publishAfterCommit(t, name, payload);
  }

  /** Every event, e.g. for the supervision stream. */
  onAny(handler: (name: EventName, payload: unknown) => void | Promise<void>): () => void {
    this.anyHandlers.add(handler);
    return () => this.anyHandlers.delete(handler);
  }

  /**
   * Publishes once the transaction commits, and never if it rolls back. Delivery is not awaited: a slow
   * subscriber must not hold the commit (and with it SQLite's single writer) open.
   */
  publishAfterCommit<K extends EventName>(t: Transaction, name: K, payload: DomainEvents[K]): void {
    t.afterCommit(() => {
      void this.publish(name, payload);
    });
  }

  async publish<K extends EventName>(name: K, payload: DomainEvents[K]): Promise<void> {
    const calls = [
      ...[...(this.handlers.get(name) ?? [])].map((h) => () => h(payload)),
      ...[...this.anyHandlers].map((h) => () => h(name, payload)),
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
