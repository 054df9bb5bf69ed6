import { Op, type Transaction } from 'sequelize';
import type { z } from 'zod';
import type { RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import { conflict } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { reviewOutcomes, type Verdicts } from './method/index.js';
import type { EvaluationLog, StepResult } from './log.js';
import type { Membership } from './membership.js';
import { EVALUATION_STEPS, type Evaluation, type EvaluationModels, type EvaluationStep } from './models.js';
import { planOf, type Ranking } from './ranking.js';
import type { advanceSchema } from './schemas.js';

export interface StepsDeps {
  timeline: EvaluationLog;
  membership: Membership;
  ranking: Pick<Ranking, 'canLeaveScoring' | 'rank' | 'conclude'>;
  events: EventBus;
  clock: Clock;
}

const nextOf = (step: EvaluationStep): EvaluationStep =>
  EVALUATION_STEPS[EVALUATION_STEPS.indexOf(step) + 1] ?? step;

/**
 * The leader moves the evaluation on, one step at a time (docs/domain.md §5), naming the step moved from: the
 * same event id again returns the first answer, and another id naming a step already left is refused
 * (STEP_CHANGED), so a double click or a retry after a lost acknowledgement never skips a step. Each step
 * is left only when its work is done; its state is in the database.
 */
export class Steps {
  constructor(
    private readonly models: EvaluationModels,
    private readonly deps: StepsDeps,
  ) {}

  advance(ctx: RequestContext, input: z.output<typeof advanceSchema>): Promise<StepResult> {
    return this.deps.timeline.step(
      ctx,
      input.evaluationId,
      input.eventId,
      'step-changed',
      async (t, evaluation) => {
        const member = await this.deps.membership.activeMember(t, evaluation, ctx.actor!);
        this.deps.membership.requireLeader(evaluation, member);
        const from = evaluation.step;
        if (input.from !== from)
          throw conflict('STEP_CHANGED', `The evaluation is in ${from} now, not ${input.from}`, {
            step: from,
          });
        if (from === 'concluded') throw conflict('EVALUATION_CONCLUDED', 'The evaluation is concluded');
        const extra = await this.leave(t, ctx, evaluation);
        const to = nextOf(from);
        evaluation.set({ step: to });
        await evaluation.save({ transaction: t });
        await this.deps.events.emit(t, ctx, 'evaluation.step-changed', {
          tenderId: evaluation.tenderId,
          sectionId: evaluation.sectionId,
          evaluationId: evaluation.id,
          from,
          to,
        });
        return { data: { from, to, ...extra } };
      },
    );
  }

  /** What leaving the current step needs, and what it settles. */
  private async leave(
    t: Transaction,
    ctx: RequestContext,
    evaluation: Evaluation,
  ): Promise<Record<string, unknown>> {
    switch (evaluation.step) {
      case 'forming':
        await this.committeeComplete(t, evaluation);
        return {};
      case 'review':
        return { reviewOutcomes: await this.settleReview(t, evaluation) };
      case 'clarification':
        await this.noOpenQuestion(t, evaluation);
        return {};
      case 'scoring':
        await this.deps.ranking.canLeaveScoring(t, evaluation);
        await this.deps.ranking.rank(t, evaluation, ctx);
        return {};
      case 'ranking': {
        const result = await this.deps.ranking.conclude(t, evaluation, ctx);
        return { candidates: result.candidates.map((c) => c.bidId) };
      }
      default:
        return {};
    }
  }

  /** Every seat of the plan held by a member who declared no conflict, and a leader among them. */
  private async committeeComplete(t: Transaction, evaluation: Evaluation): Promise<void> {
    const { committee } = planOf(evaluation);
    const active = await this.deps.membership.activeMembers(t, evaluation.id);
    const declared = (kind: string) => active.filter((m) => m.kind === kind && m.state === 'declared').length;
    const missing = {
      experts: Math.max(0, committee.experts - declared('expert')),
      representatives: Math.max(0, committee.representatives - declared('representative')),
      undeclared: active.filter((m) => m.state !== 'declared').length,
      leader: evaluation.leaderMemberId === null,
    };
    if (missing.experts + missing.representatives + missing.undeclared > 0 || missing.leader)
      throw conflict(
        'COMMITTEE_INCOMPLETE',
        `The committee of ${committee.size} is not complete: every seat needs a member who declared, and a leader`,
        missing,
      );
  }

  /**
   * Every active member reviewed every admitted bid (409 SHEETS_MISSING naming who owes which); then each
   * bid's outcome is the majority of the active members' last sheets.
   */
  private async settleReview(t: Transaction, evaluation: Evaluation): Promise<Record<string, string>> {
    const [active, bids, sheets] = await Promise.all([
      this.deps.membership.activeMembers(t, evaluation.id),
      this.models.EvaluationBid.findAll({
        where: { evaluationId: evaluation.id, rejectionCode: null },
        order: [['receivedAt', 'ASC']],
        transaction: t,
      }),
      this.models.EvaluationSheet.findAll({
        where: { evaluationId: evaluation.id, kind: 'review', void: false },
        order: [['version', 'ASC']],
        transaction: t,
      }),
    ]);
    const has = new Set(sheets.map((s) => `${s.memberId}/${s.bidId}`));
    const missing = bids.flatMap((bid) =>
      active
        .filter((m) => !has.has(`${m.id}/${bid.bidId}`))
        .map((m) => ({ memberId: m.id, name: m.name, bidId: bid.bidId })),
    );
    if (missing.length > 0)
      throw conflict('SHEETS_MISSING', `${missing.length} review sheet(s) still missing`, missing);
    const outcomes = reviewOutcomes(
      bids.map((b) => b.bidId),
      active.map((m) => m.id),
      sheets.map((s) => ({
        memberId: s.memberId,
        bidId: s.bidId,
        verdicts: (JSON.parse(s.payload) as { verdicts: Verdicts }).verdicts,
      })),
    );
    const settled: Record<string, string> = {};
    for (const bid of bids) {
      const outcome = outcomes.get(bid.bidId) ?? 'fail';
      bid.set({ reviewOutcome: outcome });
      await bid.save({ transaction: t });
      settled[bid.bidId] = outcome;
    }
    return settled;
  }

  /** A question whose deadline has not passed is waited for (its bidder may still answer). */
  private async noOpenQuestion(t: Transaction, evaluation: Evaluation): Promise<void> {
    const open = await this.models.EvaluationClarification.findAll({
      where: {
        evaluationId: evaluation.id,
        answeredAt: null,
        answerDeadline: { [Op.gt]: this.deps.clock.now() },
      },
      attributes: ['id', 'bidId', 'answerDeadline'],
      transaction: t,
    });
    if (open.length > 0)
      throw conflict(
        'CLARIFICATION_OPEN',
        `${open.length} question(s) to bidders are still open`,
        open.map((c) => ({
          clarificationId: c.id,
          bidId: c.bidId,
          answerDeadline: c.answerDeadline.toISOString(),
        })),
      );
  }
}
