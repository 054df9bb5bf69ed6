import { randomUUID } from 'node:crypto';
import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { conflict } from '../../platform/errors.js';
import type { HallEventKind } from './kinds.js';
import type { HallEvent, OpeningHall, OpeningHallModels } from './models.js';

/** Who made a relayed step and from where, as its event's envelope names them (supervisors see them). */
export interface StepActor {
  userId: string | null;
  role: string | null;
  ip: string | null;
  name: string | null;
}

export interface NewHallEvent {
  tenderId: string;
  kind: HallEventKind;
  data: object;
  /** Whether everyone may see it (it gets a public number); otherwise supervisors only. */
  public: boolean;
  /** What may happen once per tender; a second attempt is refused (or, for relays, ignored). */
  onceKey?: string;
  /** A person's step: audited in the same transaction; their client's event id makes retries safe. */
  by?: { ctx: RequestContext; clientEventId: string; name: string };
  /** A relayed step's actor and address, from its domain event's envelope. */
  who?: StepActor | null;
}

/** Runs inside the write transaction with the hall row locked: refuses a step the state no longer allows. */
export type Precondition = (t: Transaction) => Promise<void>;

export const ALREADY_DONE = 'HALL_ALREADY_DONE';

/**
 * Appends events to a tender's hall in order. An event is numbered, stored and (for a person's step)
 * audited in one transaction, and only then handed to the caller, which broadcasts it: nobody hears of a
 * step that did not commit. A retried client event id returns the event it already made.
 */
export class HallWriter {
  constructor(
    private readonly models: OpeningHallModels,
    private readonly deps: { db: Database; audit: AuditLog; clock: Clock },
  ) {}

  async append(input: NewHallEvent, check?: Precondition): Promise<{ event: HallEvent; replayed: boolean }> {
    const clientKey = input.by ? `${input.by.ctx.actor!.userId}:${input.by.clientEventId}` : null;
    const earlier = clientKey ? await this.byClientKey(clientKey, input) : null;
    if (earlier) return { event: earlier, replayed: true };
    await this.ensureHall(input.tenderId);
    try {
      const event = await this.deps.db.transaction(async (t) => {
        const hall = await this.models.OpeningHall.findByPk(input.tenderId, {
          transaction: t,
          lock: t.LOCK.UPDATE,
        });
        await check?.(t);
        return this.insert(t, hall!, input, clientKey);
      });
      return { event, replayed: false };
    } catch (err) {
      if (!(err instanceof UniqueConstraintError)) throw err;
      // A retry raced its first attempt: the first one's event is the answer.
      const raced = clientKey ? await this.byClientKey(clientKey, input) : null;
      if (raced) return { event: raced, replayed: true };
      throw conflict(ALREADY_DONE, 'This has already been done');
    }
  }

  /**
   * Appends a relayed step in the caller's transaction (the hall's event consumer), after ensureHall. A step
   * whose once-key is taken was stored before: nothing is stored again, and null says so.
   */
  async appendIn(t: Transaction, input: NewHallEvent): Promise<HallEvent | null> {
    const hall = await this.models.OpeningHall.findByPk(input.tenderId, {
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    if (!hall) throw new Error(`opening hall ${input.tenderId} is missing: call ensureHall first`);
    if (input.onceKey) {
      const where = { tenderId: input.tenderId, onceKey: input.onceKey };
      // Under the hall's lock, which every writer of this tender's hall takes: the answer stands to the commit.
      if (await this.models.HallEvent.findOne({ where, transaction: t })) return null;
    }
    return this.insert(t, hall, input, null);
  }

  private async insert(
    t: Transaction,
    hall: OpeningHall,
    input: NewHallEvent,
    clientKey: string | null,
  ): Promise<HallEvent> {
    const seq = hall.lastSeq + 1;
    const publicSeq = input.public ? hall.lastPublicSeq + 1 : null;
    const actor = input.by?.ctx.actor ?? null;
    const who = input.who ?? null;
    const event = await this.models.HallEvent.create(
      {
        id: randomUUID(),
        tenderId: input.tenderId,
        seq,
        publicSeq,
        kind: input.kind,
        onceKey: input.onceKey ?? null,
        clientKey,
        actorUserId: actor?.userId ?? who?.userId ?? null,
        actorRole: actor?.role ?? who?.role ?? null,
        actorPartyId: actor?.partyId ?? null,
        actorName: input.by?.name ?? who?.name ?? null,
        ip: input.by?.ctx.ip ?? who?.ip ?? null,
        at: this.deps.clock.now(),
        data: JSON.stringify(input.data),
      },
      { transaction: t },
    );
    await hall.update({ lastSeq: seq, lastPublicSeq: publicSeq ?? hall.lastPublicSeq }, { transaction: t });
    if (input.by) {
      await this.deps.audit.append(t, input.by.ctx, {
        action: `opening-hall.${input.kind}`,
        subject: `tender:${input.tenderId}`,
        data: { eventId: event.id, seq, clientEventId: input.by.clientEventId },
      });
    }
    return event;
  }

  private async byClientKey(clientKey: string, input: NewHallEvent): Promise<HallEvent | null> {
    const event = await this.models.HallEvent.findOne({ where: { clientKey } });
    if (event && (event.tenderId !== input.tenderId || event.kind !== input.kind)) {
      throw conflict('HALL_EVENT_ID_REUSED', 'This event id was already used for another step');
    }
    return event;
  }

  /** The hall row is created in its own short transaction, so no writer waits on a gap lock (MariaDB). */
  async ensureHall(tenderId: string): Promise<void> {
    if (await this.models.OpeningHall.findByPk(tenderId)) return;
    try {
      await this.deps.db.transaction((t) =>
        this.models.OpeningHall.create({ tenderId, lastSeq: 0, lastPublicSeq: 0 }, { transaction: t }),
      );
    } catch (err) {
      if (!(err instanceof UniqueConstraintError)) throw err;
    }
  }
}
