import { Op, type Transaction } from 'sequelize';
import { DrawShortfallError, replaceMember } from '../../../expert-pool/index.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { DrawMember, ExpertDraw } from './draw-models.js';
import type { DrawView } from './draw-schemas.js';
import { parseRecord, type DrawsService } from './draws.js';

/**
 * A draw takes answers while drawn; once announced, only from a replacement seated after the announcement
 * (a recusal's redraw, step > 0): every seat was confirmed at the announcement, so any invitation still
 * open on an announced draw is such a replacement (the status check that follows refuses the others).
 */
const takesAnswer = (draw: ExpertDraw, member: DrawMember) =>
  draw.status === 'drawn' || (draw.status === 'announced' && member.step > 0);

const systemContext: RequestContext = { actor: null, ip: 'system', requestId: 'scheduler' };

/**
 * The drawn experts' answers (SS Art.46: replacements are drawn at random too). A decline, or silence past the
 * time limit, frees the seat and redraws it in the same record chain, so the replacement is as verifiable as
 * the first draw. When no eligible expert is left for the seat it stays vacant and `expert-draw.short` tells
 * the supervisor and the agency.
 */
export class DrawAnswers {
  constructor(private readonly draws: DrawsService) {}

  async respond(
    ctx: RequestContext,
    drawId: string,
    decision: 'confirm' | 'decline',
    reason: string | undefined,
  ): Promise<DrawView> {
    const { db, audit, events, clock } = this.draws.deps;
    await db.transaction(async (t) => {
      const expert = await this.draws.experts.ownExpert(ctx.actor!, t);
      const draw = await this.draws.models.ExpertDraw.findByPk(drawId, {
        transaction: t,
        lock: t.LOCK.UPDATE,
      });
      const member = draw && (await this.invitation(t, draw.id, expert.id));
      if (!draw || !member) throw notFound('Invitation');
      if (!takesAnswer(draw, member)) throw conflict('DRAW_NOT_DRAWN', 'This draw takes no answers now');
      if (member.status !== 'invited')
        throw conflict('ALREADY_ANSWERED', `You answered already (${member.status})`);
      const now = clock.now();
      if (member.respondBy.getTime() <= now.getTime()) {
        throw conflict('RESPONSE_TOO_LATE', 'The time to answer has passed; the seat is being redrawn');
      }
      const status = decision === 'confirm' ? 'confirmed' : 'declined';
      await member.update({ status, respondedAt: now, declineReason: reason ?? null }, { transaction: t });
      await audit.append(t, ctx, {
        action: `expert-draw.${decision}`,
        subject: `expert-draw:${drawId}`,
        data: { expertId: expert.id, ...(reason && { reason }) },
      });
      if (decision === 'confirm') {
        await events.emit(t, ctx, 'expert-draw.confirmed', {
          ...this.draws.event(draw),
          expertId: expert.id,
        });
      } else {
        await events.emit(t, ctx, 'expert-draw.declined', {
          ...this.draws.event(draw),
          expertId: expert.id,
          timedOut: false,
        });
        await this.redraw(t, ctx, draw, member);
      }
    });
    return this.draws.view(ctx.actor, drawId);
  }

  /** The scheduler's job: every invitation past its time limit times out and its seat is redrawn. */
  async expireDue(): Promise<number> {
    const { db, clock, audit, events } = this.draws.deps;
    const due = await this.draws.models.DrawMember.findAll({
      where: { status: 'invited', respondBy: { [Op.lte]: clock.now() } },
      attributes: ['id', 'drawId'],
      limit: 500,
    });
    let expired = 0;
    for (const { id, drawId } of due) {
      expired += await db.transaction(async (t) => {
        const draw = await this.draws.models.ExpertDraw.findByPk(drawId, {
          transaction: t,
          lock: t.LOCK.UPDATE,
        });
        const member = await this.draws.models.DrawMember.findByPk(id, {
          transaction: t,
          lock: t.LOCK.UPDATE,
        });
        // Re-checked under the lock: the expert may have answered, or another node expired it first.
        const now = clock.now();
        if (!draw || !member || member.status !== 'invited' || member.respondBy > now) return 0;
        await member.update({ status: 'timed-out', respondedAt: now }, { transaction: t });
        await audit.append(t, systemContext, {
          action: 'expert-draw.time-out',
          subject: `expert-draw:${drawId}`,
          data: { expertId: member.expertId },
        });
        await events.emit(t, systemContext, 'expert-draw.declined', {
          ...this.draws.event(draw),
          expertId: member.expertId,
          timedOut: true,
        });
        await this.redraw(t, systemContext, draw, member);
        return 1;
      });
    }
    return expired;
  }

  /**
   * Redraws the seat of `member` over the experts eligible now, appending the step to the record. Also the
   * path of a recusal after the announcement (committee.ts): the chain goes on with the same secret.
   */
  async redraw(t: Transaction, ctx: RequestContext, draw: ExpertDraw, member: DrawMember): Promise<void> {
    const { audit, events, clock, catalog } = this.draws.deps;
    const record = parseRecord(draw);
    const pool = await this.draws.eligiblePool(draw, record.request, t);
    try {
      const next = replaceMember(record, {
        secret: this.draws.secretOf(draw),
        replaces: member.expertId,
        pool,
        catalog: await catalog.current(t),
      });
      const step = next.record.steps.length - 1;
      await draw.update({ record: JSON.stringify(next.record) }, { transaction: t });
      await this.draws.seat(t, ctx, draw, next.record, next.member, step, clock.now());
      await audit.append(t, ctx, {
        action: 'expert-draw.redraw',
        subject: `expert-draw:${draw.id}`,
        data: { step, replaced: member.expertId, drawn: next.member.expertId },
      });
      await events.emit(t, ctx, 'expert-draw.redrawn', {
        ...this.draws.event(draw),
        replaced: member.expertId,
        step,
      });
    } catch (err) {
      if (!(err instanceof DrawShortfallError)) throw err;
      await audit.append(t, ctx, {
        action: 'expert-draw.vacancy',
        subject: `expert-draw:${draw.id}`,
        data: { replaced: member.expertId, shortfalls: err.shortfalls },
      });
      await events.emit(t, ctx, 'expert-draw.short', {
        ...this.draws.event(draw),
        replaced: member.expertId,
      });
    }
  }

  private invitation(t: Transaction, drawId: string, expertId: string) {
    return this.draws.models.DrawMember.findOne({
      where: { drawId, expertId },
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
  }
}
