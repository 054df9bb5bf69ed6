import type { z } from 'zod';
import { Op } from 'sequelize';
import type { RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import { conflict } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { extensionDue } from './method/index.js';
import type { EvaluationModels } from './models.js';
import { isActive, planOf } from './ranking.js';
import type { timeShortSchema } from './schemas.js';
import type { MemberCheck, StepLog } from './scoring.js';

export interface ExtensionDeps {
  log: StepLog;
  membership: MemberCheck;
  events: EventBus;
  clock: Clock;
}

/**
 * "The time is too short" (SS Art.48, docs/domain.md §4): each active member may say so once per round; when
 * more than a third of the active members have, the evaluation's scheduled end moves by the plan's duration
 * and a new round of votes starts. The votes are the members' rows, so any node counts the same.
 */
export class Extension {
  constructor(
    private readonly models: EvaluationModels,
    private readonly deps: ExtensionDeps,
  ) {}

  timeShort(
    ctx: RequestContext,
    input: z.output<typeof timeShortSchema>,
  ): Promise<{ seq: number; replayed: boolean }> {
    return this.deps.log.step(ctx, input.evaluationId, input.eventId, 'time-short', async (t, evaluation) => {
      const member = await this.deps.membership.activeMember(t, evaluation, ctx.actor!);
      if (evaluation.step === 'concluded')
        throw conflict('WRONG_STEP', 'The evaluation is concluded: its time cannot be extended');
      // A retry with the same event id never gets here (the log answers it); another id is a second say.
      if (member.timeShortAt !== null)
        throw conflict('ALREADY_SAID', 'You have said the time is too short in this round');
      const now = this.deps.clock.now();
      member.set({ timeShortAt: now });
      await member.save({ transaction: t });

      const members = await this.models.EvaluationMember.findAll({
        where: { evaluationId: evaluation.id },
        transaction: t,
      });
      const active = members.filter(isActive);
      const votes = active.filter((m) => m.timeShortAt !== null).length;
      if (!extensionDue(votes, active.length))
        return {
          data: { memberId: member.id, name: member.name, votes, of: active.length, extended: false },
        };

      const plan = planOf(evaluation);
      const scheduledEndAt = new Date(evaluation.scheduledEndAt.getTime() + plan.durationMinutes * 60_000);
      evaluation.set({ scheduledEndAt, extensions: evaluation.extensions + 1 });
      await evaluation.save({ transaction: t });
      // A further extension needs a further third: the round's votes are spent.
      await this.models.EvaluationMember.update(
        { timeShortAt: null },
        { where: { evaluationId: evaluation.id, timeShortAt: { [Op.ne]: null } }, transaction: t },
      );
      await this.deps.events.emit(t, ctx, 'evaluation.extended', {
        tenderId: evaluation.tenderId,
        sectionId: evaluation.sectionId,
        evaluationId: evaluation.id,
        scheduledEndAt: scheduledEndAt.toISOString(),
      });
      return {
        data: {
          memberId: member.id,
          name: member.name,
          votes,
          of: active.length,
          extended: true,
          scheduledEndAt: scheduledEndAt.toISOString(),
          extensions: evaluation.extensions,
        },
      };
    });
  }
}
