import { randomUUID } from 'node:crypto';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import { creditScore } from './credit.js';
import type { DrawsService } from './draws.js';
import type { ExpertRating, RaterKind } from './models.js';

const toRatingView = (r: ExpertRating, credit: number) => ({
  id: r.id,
  expertId: r.expertId,
  drawId: r.drawId,
  raterKind: r.raterKind,
  score: r.score,
  comment: r.comment,
  createdAt: r.createdAt.toISOString(),
  creditScore: credit,
});

/**
 * Ratings after each job (动态考核, 1117 §12): once the committee is announced, the tenderee and the draw's
 * supervisor each rate every confirmed member once, 1-5 with a comment; the expert's credit score is
 * recomputed from all their ratings (credit.ts) in the same transaction.
 */
export class ExpertRatings {
  constructor(private readonly draws: DrawsService) {}

  async rate(
    ctx: RequestContext,
    drawId: string,
    input: { expertId: string; score: number; comment?: string },
  ): Promise<ReturnType<typeof toRatingView>> {
    const { db, audit, events, clock } = this.draws.deps;
    const { Expert, ExpertRating } = this.draws.experts.models;
    return db.transaction(async (t) => {
      const draw = await this.draws.models.ExpertDraw.findByPk(drawId, { transaction: t });
      const raterKind = draw && this.raterKind(ctx.actor!, draw);
      if (!draw || !raterKind) throw notFound('Draw');
      if (draw.status !== 'announced')
        throw conflict('DRAW_NOT_ANNOUNCED', 'Experts are rated after the job');
      const member = await this.draws.models.DrawMember.findOne({
        where: { drawId, expertId: input.expertId, status: 'confirmed' },
        transaction: t,
      });
      if (!member) {
        throw unprocessable('NOT_A_MEMBER', 'The expert did not serve on this committee', [
          { path: 'expertId', message: 'not a member of the committee', code: 'NOT_A_MEMBER' },
        ]);
      }
      const earlier = await ExpertRating.findOne({
        where: { drawId, expertId: input.expertId, raterKind },
        transaction: t,
      });
      if (earlier) throw conflict('ALREADY_RATED', `The ${raterKind} rated this expert for this job already`);
      const expert = await Expert.findByPk(input.expertId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!expert) throw notFound('Expert');
      const rating = await ExpertRating.create(
        {
          id: randomUUID(),
          expertId: input.expertId,
          drawId,
          raterKind,
          raterUserId: ctx.actor!.userId,
          score: input.score,
          comment: input.comment ?? null,
        },
        { transaction: t },
      );
      const all = await ExpertRating.findAll({
        where: { expertId: input.expertId },
        attributes: ['score'],
        transaction: t,
      });
      const credit = creditScore(all.map((r) => r.score));
      await expert.update({ creditScore: credit }, { transaction: t });
      await audit.append(t, ctx, {
        action: 'expert.rate',
        subject: `expert:${input.expertId}`,
        data: { drawId, raterKind, score: input.score, creditScore: credit },
      });
      await events.emit(t, ctx, 'expert.rated', {
        expertId: input.expertId,
        drawId,
        creditScore: credit,
        at: clock.now().toISOString(),
      });
      return toRatingView(rating, credit);
    });
  }

  async list(expertId: string) {
    const { Expert, ExpertRating } = this.draws.experts.models;
    const expert = await Expert.findByPk(expertId);
    if (!expert) throw notFound('Expert');
    const ratings = await ExpertRating.findAll({
      where: { expertId },
      order: [['createdAt', 'DESC']],
      limit: 500,
    });
    return ratings.map((r) => toRatingView(r, expert.creditScore));
  }

  /** The tenderee's staff rate as the tenderee; the draw's own supervisor as the supervisor; nobody else. */
  private raterKind(
    actor: Actor,
    draw: { tendereePartyId: string; supervisorUserId: string },
  ): RaterKind | null {
    if (actor.role === 'tenderee' && actor.partyId === draw.tendereePartyId) return 'tenderee';
    if (actor.role === 'supervisor' && actor.userId === draw.supervisorUserId) return 'supervisor';
    return null;
  }
}
