import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { canonicalJson } from '../../../crypto/index.js';
import type { Role } from '../auth/roles.js';
import type { Clock } from '../clock.js';
import type { DomainEvents, EventName, EventOrigin } from '../events.js';
import type { DomainEventRow, EventModels } from './models.js';

/** Who made the change, as the request had it; null for the platform's own steps (scheduler, jobs). */
export interface EventActor {
  userId: string;
  role: Role;
  name?: string;
}

/** One domain event with who did it, from where, when, and its place in the stream. */
export interface EventEnvelope<K extends EventName = EventName> {
  /** Its place in the stream: dense, and in commit order. */
  seq: number;
  type: K;
  /** The tender it is about, when its data names one. */
  tenderId?: string;
  actor: EventActor | null;
  /** The client's address, or 'system' for the platform's own steps. */
  ip: string;
  requestId: string;
  at: Date;
  data: DomainEvents[K];
}

/** An envelope of any type, narrowed by `type` (`if (e.type === 'tender.published') e.data.code`). */
export type AnyEnvelope = { [K in EventName]: EventEnvelope<K> }[EventName];

export interface ReadFilter {
  /** Only these types. */
  types?: readonly EventName[];
  /** Only events about this tender. */
  tenderId?: string;
}

export const MAX_READ = 1000;

/**
 * The stream's table (domain_events). Events are appended inside the transaction of the change they
 * describe, so one exists exactly when its change committed.
 */
export class EventStore {
  constructor(
    private readonly models: EventModels,
    private readonly clock: Clock,
  ) {}

  /**
   * Numbers and writes one event. The number comes from the audit chain's head row, locked FOR UPDATE as
   * the audit writer locks it: the lock is held to the commit, so no later number can commit before this
   * one, and a reader that saw N has seen every event below N. Event and audit writers take this one lock,
   * never a second lock of their own: two locks taken in different orders by different transactions would
   * deadlock on MariaDB, and a transaction that both audits and emits already holds this one.
   */
  async append<K extends EventName>(
    t: Transaction,
    ctx: EventOrigin,
    type: K,
    data: DomainEvents[K],
  ): Promise<EventEnvelope<K>> {
    return (await this.appendAll(t, ctx, type, [data]))[0]!;
  }

  /**
   * Numbers and writes several events of one type and origin in order, with one lock of the head, one
   * head update and one insert (a batch of settled bids): the same rows as that many appends.
   */
  async appendAll<K extends EventName>(
    t: Transaction,
    ctx: EventOrigin,
    type: K,
    data: DomainEvents[K][],
  ): Promise<EventEnvelope<K>[]> {
    if (data.length === 0) return [];
    const head = await this.models.EventHead.findByPk(1, { transaction: t, lock: t.LOCK.UPDATE });
    if (!head) throw new Error('audit_head row is missing; run the migrations');
    const first = Number(head.eventSeq) + 1;
    await head.update({ eventSeq: first + data.length - 1 }, { transaction: t });
    const name = ctx.actor?.displayName ?? ctx.actor?.name;
    const actor = ctx.actor
      ? { userId: ctx.actor.userId, role: ctx.actor.role, ...(name !== undefined && { name }) }
      : null;
    const [ip, requestId, at] = [ctx.ip.slice(0, 64), ctx.requestId.slice(0, 100), this.clock.now()];
    const envelopes = data.map((d, i): EventEnvelope<K> => {
      const tenderId = tenderOf(d);
      return {
        seq: first + i,
        type,
        ...(tenderId !== undefined && { tenderId }),
        actor,
        ip,
        requestId,
        at,
        data: d,
      };
    });
    await this.models.DomainEvent.bulkCreate(
      envelopes.map((e) => ({
        seq: e.seq,
        type,
        tenderId: e.tenderId ?? null,
        actorUserId: actor?.userId ?? null,
        actorRole: actor?.role ?? null,
        actorName: actor?.name?.slice(0, 200) ?? null,
        ip,
        requestId,
        at,
        data: canonicalJson(e.data),
      })),
      { transaction: t },
    );
    return envelopes;
  }

  /** Committed events after `afterSeq`, oldest first, at most `limit` (capped at MAX_READ). */
  async read(afterSeq: number, limit: number, filter: ReadFilter = {}): Promise<AnyEnvelope[]> {
    const where: WhereOptions<DomainEventRow> = { seq: { [Op.gt]: afterSeq } };
    if (filter.types) Object.assign(where, { type: [...filter.types] });
    if (filter.tenderId !== undefined) Object.assign(where, { tenderId: filter.tenderId });
    const rows = await this.models.DomainEvent.findAll({
      where,
      order: [['seq', 'ASC']],
      limit: Math.max(1, Math.min(limit, MAX_READ)),
    });
    return rows.map(toEnvelope);
  }

  /** The newest committed event's number (0 for none). */
  async lastSeq(): Promise<number> {
    const max = (await this.models.DomainEvent.max('seq')) as number | string | null;
    return Number(max ?? 0);
  }
}

function tenderOf(data: unknown): string | undefined {
  const id = (data as { tenderId?: unknown } | null)?.tenderId;
  return typeof id === 'string' ? id : undefined;
}

function toEnvelope(row: DomainEventRow): AnyEnvelope {
  const actor = row.actorUserId
    ? {
        userId: row.actorUserId,
        role: row.actorRole as Role,
        ...(row.actorName !== null && { name: row.actorName }),
      }
    : null;
  return {
    seq: Number(row.seq),
    type: row.type as EventName,
    ...(row.tenderId !== null && { tenderId: row.tenderId }),
    actor,
    ip: row.ip,
    requestId: row.requestId,
    at: row.at,
    data: JSON.parse(row.data) as unknown,
  } as AnyEnvelope;
}
