import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { EventName } from '../events.js';
import type { Logger } from '../logger.js';
import type { EventModels } from './models.js';
import type { AnyEnvelope, EventStore } from './store.js';

/** Handles one event inside the transaction that also moves the consumer's cursor past it. */
export type ConsumerHandler = (t: Transaction, event: AnyEnvelope) => Promise<void>;

export interface ConsumerOptions {
  /** The event types it reads; the cursor moves past the others unseen. Default: every type. */
  types?: readonly EventName[];
  /**
   * Runs before each event's transaction, outside it: idempotent work that needs its own short transaction
   * (creating a row that concurrent writers may also create). It may run again for the same event.
   */
  prepare?(event: AnyEnvelope): Promise<void>;
  /** Events read per query. Default 100. */
  batchSize?: number;
}

/** Thrown by drain() when a consumer's handler failed; the cursor stays before the failing event. */
export class ConsumerError extends Error {
  constructor(
    readonly consumer: string,
    readonly seq: number,
    cause: unknown,
  ) {
    super(`event consumer ${consumer} failed at event ${seq}`, { cause });
    this.name = 'ConsumerError';
  }
}

interface Deps {
  db: Database;
  clock: Clock;
  log?: Logger;
  models: EventModels;
  store: EventStore;
}

/**
 * One durable consumer: a cursor row (event_cursors) and a handler. Each event is handled in a transaction
 * that locks the cursor row FOR UPDATE, checks it still stands where this process read from, runs the handler
 * and moves the cursor: after a crash the consumer resumes at the first event whose transaction did not
 * commit, so its database effects happen exactly once; and across nodes only the holder of the row lock
 * handles an event (another node finds the cursor moved and reads on from there).
 */
class Consumer {
  /** The pass that has not started yet (later wake-ups join it), and the tail of the chain of passes. */
  private queued: Promise<void> | undefined;
  private tail: Promise<void> = Promise.resolve();
  /** Set when a pass failed: wake-ups wait for the next poll instead of retrying at once. */
  failed = false;
  stopping = false;

  constructor(
    readonly name: string,
    private readonly handler: ConsumerHandler,
    private readonly opts: ConsumerOptions,
    private readonly deps: Deps,
  ) {}

  /** Queues a pass to the newest event (one at a time per process); resolves when it is done. */
  pass(): Promise<void> {
    if (this.queued) return this.queued;
    const run = this.tail.then(() => {
      this.queued = undefined;
      return this.catchUp();
    });
    this.queued = run;
    this.tail = run.then(
      () => {
        this.failed = false;
      },
      () => {
        this.failed = true;
      },
    );
    return run;
  }

  /** Whether this consumer handles events of the type (all types when it names none). */
  reads(type: EventName): boolean {
    return this.opts.types?.includes(type) ?? true;
  }

  /** Waits for the passes already queued (stop). */
  settled(): Promise<void> {
    return this.tail;
  }

  private async catchUp(): Promise<void> {
    const { db, store, clock } = this.deps;
    const { EventCursor } = this.deps.models;
    let cursor = await this.cursor();
    const batchSize = this.opts.batchSize ?? 100;
    for (;;) {
      if (this.stopping) return;
      const batch = await store.read(cursor, batchSize, { types: this.opts.types });
      if (batch.length === 0) return;
      for (const event of batch) {
        if (this.stopping) return;
        await this.opts.prepare?.(event);
        const from = cursor;
        try {
          cursor = await db.transaction(async (t) => {
            const row = await EventCursor.findByPk(this.name, { transaction: t, lock: t.LOCK.UPDATE });
            const at = Number(row!.lastSeq);
            // Another node (or an earlier pass) moved it: nothing here is ours to handle; read on from there.
            if (at !== from) return at;
            await this.handler(t, event);
            await row!.update({ lastSeq: event.seq, updatedAt: clock.now() }, { transaction: t });
            return event.seq;
          });
        } catch (err) {
          throw new ConsumerError(this.name, event.seq, err);
        }
        if (cursor !== event.seq) break;
      }
    }
  }

  /** The stored cursor, created at 0 (the stream's start) in its own short transaction on first use. */
  private async cursor(): Promise<number> {
    const { EventCursor } = this.deps.models;
    const row = await EventCursor.findByPk(this.name);
    if (row) return Number(row.lastSeq);
    try {
      await this.deps.db.transaction((t) =>
        EventCursor.create(
          { consumer: this.name, lastSeq: 0, updatedAt: this.deps.clock.now() },
          { transaction: t },
        ),
      );
    } catch (err) {
      if (!(err instanceof UniqueConstraintError)) throw err;
    }
    return Number((await EventCursor.findByPk(this.name))!.lastSeq);
  }
}

/**
 * The process's durable consumers. They run from start() to stop(): each is woken when an event commits in
 * this process and every `pollMs` (events committed by other nodes), and reads on from its cursor.
 */
export class EventConsumers {
  private readonly consumers = new Map<string, Consumer>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly deps: Deps) {}

  /** Adds a consumer under a name unique in the platform; the name keys its cursor, so keep it stable. */
  add(name: string, handler: ConsumerHandler, opts: ConsumerOptions = {}): void {
    if (name.length > 60) throw new Error(`consumer name too long: ${name}`);
    if (this.consumers.has(name)) throw new Error(`event consumer ${name} is already registered`);
    const consumer = new Consumer(name, handler, opts, this.deps);
    this.consumers.set(name, consumer);
    if (this.running) this.kick(consumer);
  }

  names(): string[] {
    return [...this.consumers.keys()];
  }

  get started(): boolean {
    return this.running;
  }

  /** Starts reading: a pass now, then on every wake-up and every pollMs. */
  start(pollMs = 1000): void {
    if (this.running) return;
    this.running = true;
    for (const c of this.consumers.values()) c.stopping = false;
    this.timer = setInterval(() => this.poll(), pollMs);
    this.timer.unref();
    this.poll();
  }

  /**
   * An event of `type` committed in this process: the consumers that read that type read on now (a failed one
   * waits for the next poll). The others are not woken: a pass would read nothing for them.
   */
  wake(type: EventName): void {
    if (!this.running) return;
    for (const c of this.consumers.values()) if (!c.failed && c.reads(type)) this.kick(c);
  }

  /**
   * Reads every consumer (or the named one) up to the newest committed event, now, and resolves when done;
   * throws a ConsumerError when a handler failed. Works whether or not the consumers are started.
   */
  async drain(name?: string): Promise<void> {
    const chosen = name === undefined ? [...this.consumers.values()] : [this.consumers.get(name)];
    for (const c of chosen) {
      if (!c) throw new Error(`no event consumer ${name}`);
      await c.pass();
    }
  }

  /** Clean stop: no new passes; the event being handled finishes (or rolls back) first. */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const c of this.consumers.values()) c.stopping = true;
    await Promise.all([...this.consumers.values()].map((c) => c.settled()));
  }

  private poll(): void {
    for (const c of this.consumers.values()) this.kick(c);
  }

  private kick(consumer: Consumer): void {
    consumer.pass().catch((err: unknown) => {
      this.deps.log?.error(
        {
          err: err instanceof ConsumerError ? err.cause : err,
          consumer: consumer.name,
          seq: (err as ConsumerError).seq,
        },
        'event consumer failed; retrying at the next poll',
      );
    });
  }
}
