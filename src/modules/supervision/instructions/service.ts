import { randomUUID } from 'node:crypto';
import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import type { AuditLog } from '../../../platform/audit/audit-log.js';
import type { Actor, RequestContext } from '../../../platform/auth/roles.js';
import type { Clock } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import type { EventBus } from '../../../platform/events.js';
import { mayManage, type TenderHolds, type TendersService } from '../../tenders/index.js';
import type { NoticesService } from '../../publication/index.js';
import { SCREENS_READER, type BidUploadsPort } from '../ports.js';
import './events.js';
import type { InstructionModels, SupervisionInstruction } from './models.js';
import { instructionNotice } from './notice-text.js';
import type { InstructionKind, InstructionView, TenderInstructionsView } from './schemas.js';

export interface InstructionDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  tenders: Pick<TendersService, 'findVisible' | 'find'> & { holds: TenderHolds };
  notices: Pick<NoticesService, 'announceInstruction'>;
  bids: BidUploadsPort;
  evaluation: ReopenPort;
}

/** The evaluation module's reopening (责令重新评审), by shape: done in the instruction's transaction. */
export interface ReopenPort {
  standing(evaluationId: string): Promise<{ tenderId: string }>;
  reopen(
    ctx: RequestContext,
    evaluationId: string,
    order: { instruction: string; reason: string },
    t: Transaction,
  ): Promise<unknown>;
}

/** The instruction's number: JG-yyyy-nnnn, by the Beijing year it was issued in. */
const PREFIX = 'JG';
/** The kinds whose notice is public, so anyone who sees the tender sees them. */
const PUBLIC_KINDS = new Set<InstructionKind>(['suspension', 'resumption']);
const beijingYear = (at: Date) => new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();

const toView = (row: SupervisionInstruction): InstructionView => ({
  id: row.id,
  code: row.code,
  kind: row.kind,
  tenderId: row.tenderId,
  reason: row.reason,
  issuedAt: row.issuedAt.toISOString(),
  issuedBy: { userId: row.issuedBy, name: row.issuedByName },
  noticeId: row.noticeId,
});

/**
 * Supervisory instructions (监督指令, issue 12): a supervisor suspends a tender with a reason (监督暂停), which
 * places the tenders module's hold, refusing every trading-side action with 409 TENDER_SUSPENDED until a
 * resumption lifts it; each publishes its notice. A supervisor also orders the original committee to
 * re-evaluate a concluded evaluation (责令重新评审). Each instruction is numbered, audited and an event.
 */
export class InstructionService {
  constructor(
    private readonly models: InstructionModels,
    private readonly deps: InstructionDeps,
  ) {}

  async suspend(ctx: RequestContext, tenderId: string, reason: string): Promise<TenderInstructionsView> {
    await this.deps.tenders.findVisible(ctx.actor, tenderId);
    await this.issue(ctx, tenderId, 'suspension', reason, async (t, row) => {
      await this.deps.tenders.holds.place(t, ctx, tenderId, {
        instructionId: row.id,
        instructionCode: row.code,
        reason,
      });
      await this.publish(t, ctx, row, 'suspension');
      await this.deps.events.emit(t, ctx, 'supervision.instruction-issued', {
        instructionId: row.id,
        tenderId,
        code: row.code,
        kind: 'suspension',
      });
    });
    return this.forTender(ctx.actor, tenderId);
  }

  async resume(ctx: RequestContext, tenderId: string, reason: string): Promise<TenderInstructionsView> {
    await this.deps.tenders.findVisible(ctx.actor, tenderId);
    await this.issue(ctx, tenderId, 'resumption', reason, async (t, row) => {
      const lifted = await this.deps.tenders.holds.lift(t, ctx, tenderId, {
        instructionId: row.id,
        instructionCode: row.code,
      });
      await this.publish(t, ctx, row, 'resumption');
      await this.deps.events.emit(t, ctx, 'supervision.instruction-lifted', {
        instructionId: row.id,
        tenderId,
        code: row.code,
        suspension: lifted.instructionCode,
      });
    });
    return this.forTender(ctx.actor, tenderId);
  }

  /**
   * 责令重新评审: the original committee scores the concluded evaluation again. The instruction and the
   * reopening commit together (404 unknown evaluation, 409 EVALUATION_NOT_CONCLUDED, nothing numbered then).
   * Not published: the parties concerned see it in the tender's instructions.
   */
  async reEvaluate(
    ctx: RequestContext,
    evaluationId: string,
    reason: string,
  ): Promise<TenderInstructionsView> {
    const { tenderId } = await this.deps.evaluation.standing(evaluationId);
    await this.deps.tenders.findVisible(ctx.actor, tenderId);
    await this.issue(ctx, tenderId, 're-evaluation', reason, async (t, row) => {
      await this.deps.evaluation.reopen(ctx, evaluationId, { instruction: row.code, reason }, t);
      await this.deps.events.emit(t, ctx, 'supervision.instruction-issued', {
        instructionId: row.id,
        tenderId,
        code: row.code,
        kind: 're-evaluation',
      });
    });
    return this.forTender(ctx.actor, tenderId);
  }

  /**
   * The hold and the instructions of a tender. Suspensions and resumptions are public (their notices are);
   * kinds that are not (a re-evaluation order) are shown to the parties concerned only: supervisors,
   * the tender's runners, its bidders.
   */
  async forTender(actor: Actor | null, tenderId: string): Promise<TenderInstructionsView> {
    const tender = await this.deps.tenders.findVisible(actor, tenderId);
    const rows = await this.models.SupervisionInstruction.findAll({
      where: { tenderId },
      order: [
        ['issuedAt', 'ASC'],
        ['code', 'ASC'],
      ],
    });
    const concerned = await this.concerned(actor, tender);
    const hold = await this.deps.tenders.holds.activeHold(tenderId);
    return {
      tenderId,
      hold: hold && {
        instructionCode: hold.instructionCode,
        reason: hold.reason,
        since: hold.since.toISOString(),
      },
      items: rows.filter((r) => concerned || PUBLIC_KINDS.has(r.kind)).map(toView),
    };
  }

  private async concerned(actor: Actor | null, tender: Parameters<typeof mayManage>[1]): Promise<boolean> {
    if (!actor) return false;
    if (actor.role === 'supervisor' || mayManage(actor, tender)) return true;
    if (!actor.partyId || actor.role !== 'bidder') return false;
    const { items } = await this.deps.bids.supervised(SCREENS_READER, tender.id);
    return items.some((i) => i.bidder.partyId === actor.partyId);
  }

  /** Numbers, stores and audits one instruction, then `then` does its effect in the same transaction. */
  private async issue(
    ctx: RequestContext,
    tenderId: string,
    kind: InstructionKind,
    reason: string,
    then: (t: Transaction, row: SupervisionInstruction) => Promise<void>,
  ): Promise<SupervisionInstruction> {
    // Two instructions on different tenders may draw the same number at once: the unique code refuses the
    // second, which draws again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.deps.db.transaction(async (t) => {
          const now = this.deps.clock.now();
          const row = await this.models.SupervisionInstruction.create(
            {
              id: randomUUID(),
              code: await this.nextCode(t, now),
              kind,
              tenderId,
              reason,
              issuedAt: now,
              issuedBy: ctx.actor!.userId,
              issuedByName: ctx.actor!.displayName,
              noticeId: null,
            },
            { transaction: t },
          );
          await this.deps.audit.append(t, ctx, {
            action: `supervision.instruction.${kind}`,
            subject: `tender:${tenderId}`,
            data: { instruction: row.code, reason },
          });
          await then(t, row);
          return row;
        });
      } catch (error) {
        if (!(error instanceof UniqueConstraintError) || attempt >= 5) throw error;
      }
    }
  }

  private async nextCode(t: Transaction, at: Date): Promise<string> {
    const prefix = `${PREFIX}-${beijingYear(at)}-`;
    const last = await this.models.SupervisionInstruction.findOne({
      where: { code: { [Op.like]: `${prefix}%` } },
      order: [['code', 'DESC']],
      attributes: ['code'],
      transaction: t,
    });
    const next = last ? Number(last.code.slice(prefix.length)) + 1 : 1;
    return `${prefix}${String(next).padStart(4, '0')}`;
  }

  private async publish(
    t: Transaction,
    ctx: RequestContext,
    row: SupervisionInstruction,
    kind: 'suspension' | 'resumption',
  ): Promise<void> {
    const number = await this.models.SupervisionInstruction.count({
      where: { tenderId: row.tenderId, kind },
      transaction: t,
    });
    const noticeId = await this.deps.notices.announceInstruction(
      t,
      ctx,
      row.tenderId,
      kind,
      number,
      row.issuedAt,
      (tender) => instructionNotice(kind, tender, row),
    );
    if (noticeId) await row.update({ noticeId }, { transaction: t });
  }
}
