import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import type { HoldModels, TenderHold } from './hold-models.js';
import type { TenderModels } from './models.js';

/** The code every trading-side action is refused with while a supervisor holds the tender. */
export const TENDER_SUSPENDED = 'TENDER_SUSPENDED';

export interface ActiveHold {
  instructionId: string;
  instructionCode: string;
  reason: string;
  since: Date;
}

export interface HoldOrder {
  instructionId: string;
  instructionCode: string;
  reason: string;
}

interface HoldDeps {
  audit: AuditLog;
  clock: Clock;
}

const toActive = (row: TenderHold): ActiveHold => ({
  instructionId: row.instructionId,
  instructionCode: row.instructionCode,
  reason: row.reason,
  since: row.placedAt,
});

/** The 409 a held tender answers every trading-side action with: the instruction's code and reason. */
export function suspendedError(hold: ActiveHold): AppError {
  return conflict(
    TENDER_SUSPENDED,
    `This tender is suspended by supervisory instruction ${hold.instructionCode}: ${hold.reason}`,
    { instruction: hold.instructionCode, reason: hold.reason },
  );
}

/**
 * Supervisory holds (监督暂停) on tenders. A hold is not a tender status: the objection-driven 'suspended'
 * status and the lifecycle go on being the state machine's, and a supervisor may hold a tender in any status.
 * Every trading-side step asks `assertNotHeld` next to its `can(status, action)` check, ideally under the
 * same tender row lock, since `place` and `lift` take that lock too: a step that passed the check commits
 * before the hold, and one that waits on the lock sees it.
 */
export class TenderHolds {
  constructor(
    private readonly models: TenderModels & HoldModels,
    private readonly deps: HoldDeps,
  ) {}

  async activeHold(tenderId: string, t?: Transaction): Promise<ActiveHold | null> {
    const row = await this.models.TenderHold.findOne({
      where: { tenderId, liftedAt: null },
      transaction: t,
    });
    return row ? toActive(row) : null;
  }

  /** Throws the 409 TENDER_SUSPENDED (the instruction's code and reason in details) while held. */
  async assertNotHeld(tenderId: string, t?: Transaction): Promise<void> {
    const hold = await this.activeHold(tenderId, t);
    if (hold) throw suspendedError(hold);
  }

  /** Places the hold inside the instruction's transaction, under the tender's row lock; audited. */
  async place(t: Transaction, ctx: RequestContext, tenderId: string, order: HoldOrder): Promise<ActiveHold> {
    await this.lockTender(t, tenderId);
    const existing = await this.activeHold(tenderId, t);
    if (existing) {
      throw conflict(
        'TENDER_ALREADY_SUSPENDED',
        `This tender is already suspended (${existing.instructionCode})`,
        {
          instruction: existing.instructionCode,
        },
      );
    }
    const row = await this.models.TenderHold.create(
      {
        id: randomUUID(),
        tenderId,
        instructionId: order.instructionId,
        instructionCode: order.instructionCode,
        reason: order.reason,
        placedAt: this.deps.clock.now(),
        placedBy: ctx.actor!.userId,
        liftedAt: null,
        liftedBy: null,
        liftInstructionId: null,
      },
      { transaction: t },
    );
    await this.deps.audit.append(t, ctx, {
      action: 'tender.hold-placed',
      subject: `tender:${tenderId}`,
      data: { instruction: order.instructionCode, reason: order.reason },
    });
    return toActive(row);
  }

  /** Lifts the active hold inside the resumption's transaction; 409 TENDER_NOT_SUSPENDED when none. */
  async lift(
    t: Transaction,
    ctx: RequestContext,
    tenderId: string,
    order: Pick<HoldOrder, 'instructionId' | 'instructionCode'>,
  ): Promise<ActiveHold> {
    await this.lockTender(t, tenderId);
    const row = await this.models.TenderHold.findOne({ where: { tenderId, liftedAt: null }, transaction: t });
    if (!row) throw conflict('TENDER_NOT_SUSPENDED', 'This tender is not suspended');
    await row.update(
      {
        liftedAt: this.deps.clock.now(),
        liftedBy: ctx.actor!.userId,
        liftInstructionId: order.instructionId,
      },
      { transaction: t },
    );
    await this.deps.audit.append(t, ctx, {
      action: 'tender.hold-lifted',
      subject: `tender:${tenderId}`,
      data: { instruction: order.instructionCode, suspension: row.instructionCode },
    });
    return toActive(row);
  }

  private async lockTender(t: Transaction, tenderId: string): Promise<void> {
    const tender = await this.models.Tender.findByPk(tenderId, {
      transaction: t,
      lock: t.LOCK.UPDATE,
      attributes: ['id'],
    });
    if (!tender) throw notFound('Tender');
  }
}
