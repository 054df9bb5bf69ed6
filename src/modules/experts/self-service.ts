import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import type { ExpertDeps, ExpertsService } from './service.js';
import type { ExpertDetail } from './schemas.js';
import { expertRevision, expertSnapshot } from './revision.js';

/** China calendar day of an instant (UTC+8, no daylight saving), 'YYYY-MM-DD'. */
export const chinaDate = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * What an expert keeps up themselves: contact details, the days they cannot evaluate, and their declared
 * relations to parties (回避申报). Every call acts on the caller's own record only, found by the account link.
 */
export class ExpertSelfService {
  constructor(
    private readonly experts: ExpertsService,
    private readonly deps: ExpertDeps,
  ) {}

  async profile(actor: Actor): Promise<ExpertDetail> {
    return this.experts.view(actor, (await this.experts.ownExpert(actor)).id);
  }

  async updateProfile(
    ctx: RequestContext,
    changes: { phone?: string; title?: string },
  ): Promise<ExpertDetail> {
    const id = await this.deps.db.transaction(async (t) => {
      const own = await this.experts.ownExpert(ctx.actor!, t);
      const expert = await this.experts.lock(t, own.id);
      const before = await expertSnapshot(this.experts.models, expert, t);
      await expert.update(changes, { transaction: t });
      const revised = await expertRevision(this.experts.models, expert, before, t);
      await this.deps.audit.append(t, ctx, {
        action: 'expert.update-own',
        subject: `expert:${expert.id}`,
        data: { changes: revised },
      });
      await this.deps.events.emit(t, ctx, 'expert.updated', {
        expertId: expert.id,
        changes: revised,
        at: this.deps.clock.now().toISOString(),
      });
      return expert.id;
    });
    return this.experts.view(ctx.actor, id);
  }

  /** Replaces the future unavailable days; past days are history and stay (the draw rules read them). */
  async setUnavailableDays(ctx: RequestContext, days: string[]): Promise<ExpertDetail> {
    const today = chinaDate(this.deps.clock.now());
    const past = days.filter((d) => d < today);
    if (past.length > 0) {
      throw unprocessable('DAY_IN_PAST', 'Unavailable days must be today or later', [
        { path: 'days', message: `in the past: ${past.join(', ')}`, code: 'DAY_IN_PAST' },
      ]);
    }
    const { ExpertUnavailableDay } = this.experts.models;
    const id = await this.deps.db.transaction(async (t) => {
      const expert = await this.experts.lock(t, (await this.experts.ownExpert(ctx.actor!, t)).id);
      await ExpertUnavailableDay.destroy({
        where: { expertId: expert.id, day: { [Op.gte]: today } },
        transaction: t,
      });
      await ExpertUnavailableDay.bulkCreate(
        [...new Set(days)].map((day) => ({ expertId: expert.id, day })),
        { transaction: t },
      );
      await this.deps.audit.append(t, ctx, {
        action: 'expert.set-unavailable-days',
        subject: `expert:${expert.id}`,
        data: { days: [...new Set(days)].sort() },
      });
      return expert.id;
    });
    return this.experts.view(ctx.actor, id);
  }

  async declareConflict(
    ctx: RequestContext,
    input: { partyUscc: string; relation: string },
  ): Promise<ExpertDetail> {
    const id = await this.deps.db.transaction(async (t) => {
      const expert = await this.experts.lock(t, (await this.experts.ownExpert(ctx.actor!, t)).id);
      const { ExpertConflict } = this.experts.models;
      const existing = await ExpertConflict.findOne({
        where: { expertId: expert.id, partyUscc: input.partyUscc },
        transaction: t,
      });
      if (existing) throw conflict('CONFLICT_DECLARED', 'A relation to this party is declared already');
      const row = await ExpertConflict.create(
        { id: randomUUID(), expertId: expert.id, ...input },
        { transaction: t },
      );
      await this.deps.audit.append(t, ctx, {
        action: 'expert.declare-conflict',
        subject: `expert:${expert.id}`,
        data: { conflictId: row.id, partyUscc: input.partyUscc, relation: input.relation },
      });
      return expert.id;
    });
    return this.experts.view(ctx.actor, id);
  }

  async withdrawConflict(ctx: RequestContext, conflictId: string): Promise<ExpertDetail> {
    const id = await this.deps.db.transaction(async (t) => {
      const expert = await this.experts.lock(t, (await this.experts.ownExpert(ctx.actor!, t)).id);
      const row = await this.experts.models.ExpertConflict.findByPk(conflictId, { transaction: t });
      // Another expert's declaration is not found, rather than forbidden: its existence is not the caller's business.
      if (!row || row.expertId !== expert.id) throw notFound('Declared conflict');
      await row.destroy({ transaction: t });
      await this.deps.audit.append(t, ctx, {
        action: 'expert.withdraw-conflict',
        subject: `expert:${expert.id}`,
        data: { conflictId, partyUscc: row.partyUscc },
      });
      return expert.id;
    });
    return this.experts.view(ctx.actor, id);
  }
}
