import { Op, type Transaction } from 'sequelize';
import { seatedMembers } from '../../../expert-pool/index.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import type { DrawAnswers } from './draw-answers.js';
import { parseRecord, type DrawsService } from './draws.js';

/** A seated, confirmed expert of an announced committee, as the evaluation sees them. */
export interface CommitteeExpert {
  expertId: string;
  /** The expert's login; null when the pool entry has none linked (they cannot take part online). */
  userId: string | null;
  name: string;
}

export interface AnnouncedCommittee {
  drawId: string;
  members: CommitteeExpert[];
}

export interface RecusalOptions {
  /**
   * The bidders' USCCs known now (after the opening), added to the draw's own for this and later redraws,
   * so the replacement is not employed by a bidder either (the same-employer rule, docs/domain.md §4).
   */
  bidderUsccs?: string[];
}

const REASON_MAX = 300;

/**
 * What the evaluation uses of the draw (docs/domain.md §4-§5): the announced committee of a section, and
 * the replacement of a member who declared a conflict with a bidder once the committee is public (SS Art.48).
 * A replacement is drawn in the draw's own record chain with the secret already revealed, so the record
 * with its extra redraw steps still re-runs with `verify-draw`; the new expert is invited and answers as
 * any drawn expert (draw-answers.ts), declines and timeouts redrawing again.
 */
export class ExpertCommittee {
  constructor(
    private readonly draws: DrawsService,
    private readonly answers: DrawAnswers,
  ) {}

  /** The section's latest announced draw and its confirmed seated members, in seat order; null if none. */
  async committee(tenderId: string, sectionId: string, t?: Transaction): Promise<AnnouncedCommittee | null> {
    const draw = await this.draws.models.ExpertDraw.findOne({
      where: { tenderId, sectionId, status: 'announced' },
      order: [
        ['announcedAt', 'DESC'],
        ['id', 'ASC'],
      ],
      transaction: t,
    });
    if (!draw) return null;
    const seated = seatedMembers(parseRecord(draw)).map((m) => m.expertId);
    const rows = await this.draws.models.DrawMember.findAll({
      where: { drawId: draw.id, status: 'confirmed', expertId: { [Op.in]: seated } },
      transaction: t,
    });
    const experts = await this.draws.experts.models.Expert.findAll({
      where: { id: { [Op.in]: rows.map((r) => r.expertId) } },
      attributes: ['id', 'name', 'userId'],
      transaction: t,
    });
    const byId = new Map(experts.map((e) => [e.id, e]));
    const confirmed = new Set(rows.map((r) => r.expertId));
    return {
      drawId: draw.id,
      members: seated
        .filter((id) => confirmed.has(id))
        .map((id) => ({
          expertId: id,
          userId: byId.get(id)?.userId ?? null,
          name: byId.get(id)?.name ?? '',
        })),
    };
  }

  /**
   * A confirmed member of the announced draw declared a conflict: the member is `recused` and the seat
   * redrawn (or left vacant, `expert-draw.short`, when nobody eligible is left). Runs in `t` when given (the
   * evaluation's own transaction), else in a transaction of its own.
   */
  async replaceForConflict(
    ctx: RequestContext,
    drawId: string,
    expertId: string,
    reason: string,
    t?: Transaction,
    opts: RecusalOptions = {},
  ): Promise<void> {
    const work = (tx: Transaction) => this.recuse(tx, ctx, drawId, expertId, reason, opts);
    await (t ? work(t) : this.draws.deps.db.transaction(work));
  }

  private async recuse(
    t: Transaction,
    ctx: RequestContext,
    drawId: string,
    expertId: string,
    reason: string,
    opts: RecusalOptions,
  ): Promise<void> {
    const { audit, events } = this.draws.deps;
    const draw = await this.draws.models.ExpertDraw.findByPk(drawId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!draw) throw notFound('Draw');
    if (draw.status !== 'announced') {
      throw conflict(
        'DRAW_NOT_ANNOUNCED',
        'Only a member of an announced committee is replaced for a conflict',
      );
    }
    const statement = reason.trim();
    if (statement.length < 2 || statement.length > REASON_MAX) {
      throw unprocessable('VALIDATION_FAILED', `The reason takes 2 to ${REASON_MAX} characters`, [
        { path: 'reason', message: `2 to ${REASON_MAX} characters`, code: 'VALIDATION_FAILED' },
      ]);
    }
    const member = await this.draws.models.DrawMember.findOne({
      where: { drawId, expertId },
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    const seated = seatedMembers(parseRecord(draw)).some((m) => m.expertId === expertId);
    if (!member || member.status !== 'confirmed' || !seated) {
      throw unprocessable('NOT_A_MEMBER', 'The expert is not a confirmed member of this committee', [
        { path: 'expertId', message: 'not a confirmed member', code: 'NOT_A_MEMBER' },
      ]);
    }
    if (opts.bidderUsccs && opts.bidderUsccs.length > 0) {
      const known = JSON.parse(draw.bidderUsccs) as string[];
      const all = [...new Set([...known, ...opts.bidderUsccs])].sort();
      if (all.length !== known.length)
        await draw.update({ bidderUsccs: JSON.stringify(all) }, { transaction: t });
    }
    await member.update({ status: 'recused', declineReason: statement }, { transaction: t });
    await audit.append(t, ctx, {
      action: 'expert-draw.recuse',
      subject: `expert-draw:${drawId}`,
      data: { expertId, reason: statement },
    });
    await events.emit(t, ctx, 'expert-draw.recused', { ...this.draws.event(draw), expertId });
    await this.answers.redraw(t, ctx, draw, member);
  }
}
