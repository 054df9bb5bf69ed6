import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import type { EvaluationLog, StepResult } from './log.js';
import type { Membership } from './membership.js';
import type { EvaluationClarification, EvaluationModels } from './models.js';
import type { TendersPort } from './ports.js';
import type { answerBody, clarificationView, clarifySchema } from './schemas.js';

export type ClarificationView = z.output<typeof clarificationView>;

export interface ClarificationDeps {
  timeline: EvaluationLog;
  membership: Membership;
  events: EventBus;
  clock: Clock;
  tenders: TendersPort;
}

/** The steps in which the committee asks bidders (clarification may also be passed straight through). */
const ASKING_STEPS = ['review', 'clarification', 'scoring'];
/** A bidder's inbox lists at most this many questions, newest first. */
const INBOX_LIMIT = 200;

/**
 * Clarification (澄清, docs/domain.md §5, SS Art.52): the leader asks one bidder a question with a deadline;
 * the bidder's users answer once, before the deadline, confirming the answer changes neither the price nor
 * the substance of the bid. Both are steps of the evaluation's log (the minutes for the report).
 */
export class Clarifications {
  constructor(
    private readonly models: EvaluationModels,
    private readonly deps: ClarificationDeps,
  ) {}

  ask(ctx: RequestContext, input: z.output<typeof clarifySchema>): Promise<StepResult> {
    return this.deps.timeline.step(
      ctx,
      input.evaluationId,
      input.eventId,
      'clarification-asked',
      async (t, evaluation) => {
        const member = await this.deps.membership.activeMember(t, evaluation, ctx.actor!);
        this.deps.membership.requireLeader(evaluation, member);
        if (!ASKING_STEPS.includes(evaluation.step))
          throw conflict(
            'WRONG_STEP',
            `Bidders are asked during review, clarification or scoring, not ${evaluation.step}`,
          );
        const bid = await this.models.EvaluationBid.findOne({
          where: { evaluationId: evaluation.id, bidId: input.bidId },
          transaction: t,
        });
        if (!bid) throw notFound('Bid');
        if (bid.rejectionCode !== null)
          throw conflict('BID_REJECTED', 'This bid was rejected before the review: its bidder is not asked');
        const now = this.deps.clock.now();
        const answerDeadline = new Date(input.answerDeadline);
        if (answerDeadline.getTime() <= now.getTime())
          throw unprocessable('DEADLINE_PASSED', 'The answer deadline must be in the future', [
            { path: 'answerDeadline', message: 'in the future', code: 'DEADLINE_PASSED' },
          ]);
        const clarification = await this.models.EvaluationClarification.create(
          {
            id: randomUUID(),
            evaluationId: evaluation.id,
            tenderId: evaluation.tenderId,
            bidId: bid.bidId,
            bidderPartyId: bid.bidderPartyId,
            question: input.question,
            askedByMemberId: member.id,
            askedAt: now,
            answerDeadline,
            answer: null,
            answeredByUserId: null,
            answeredAt: null,
          },
          { transaction: t },
        );
        await this.deps.events.emit(t, ctx, 'evaluation.clarification-asked', {
          tenderId: evaluation.tenderId,
          sectionId: evaluation.sectionId,
          evaluationId: evaluation.id,
          clarificationId: clarification.id,
          bidId: bid.bidId,
        });
        return {
          data: {
            clarificationId: clarification.id,
            bidId: bid.bidId,
            bidderName: bid.bidderName,
            question: input.question,
            answerDeadline: answerDeadline.toISOString(),
          },
        };
      },
    );
  }

  /** The questions put to the bidder's party, newest first. */
  async mine(actor: Actor): Promise<ClarificationView[]> {
    if (!actor.partyId) return [];
    const rows = await this.models.EvaluationClarification.findAll({
      where: { bidderPartyId: actor.partyId },
      order: [
        ['askedAt', 'DESC'],
        ['id', 'ASC'],
      ],
      limit: INBOX_LIMIT,
    });
    return Promise.all(rows.map((c) => this.view(c)));
  }

  /** The bidder's answer: once, before the deadline (the deadline itself is too late), by its party's users. */
  async answer(
    ctx: RequestContext,
    clarificationId: string,
    body: z.output<typeof answerBody>,
  ): Promise<ClarificationView> {
    const actor = ctx.actor!;
    const found = await this.models.EvaluationClarification.findByPk(clarificationId);
    // Another party's question does not exist for this bidder.
    if (!found || !actor.partyId || found.bidderPartyId !== actor.partyId) throw notFound('Clarification');
    await this.deps.timeline.step(
      ctx,
      found.evaluationId,
      null,
      'clarification-answered',
      async (t, evaluation) => {
        const clarification = (await this.models.EvaluationClarification.findByPk(clarificationId, {
          transaction: t,
        }))!;
        if (clarification.answeredAt !== null)
          throw conflict(
            'CLARIFICATION_ANSWERED',
            'This question has been answered; an answer is given once',
          );
        const now = this.deps.clock.now();
        if (now.getTime() >= clarification.answerDeadline.getTime() || evaluation.step === 'concluded')
          throw conflict('CLARIFICATION_CLOSED', 'The deadline for this answer has passed');
        clarification.set({ answer: body.answer, answeredByUserId: actor.userId, answeredAt: now });
        await clarification.save({ transaction: t });
        await this.deps.events.emit(t, ctx, 'evaluation.clarification-answered', {
          tenderId: evaluation.tenderId,
          sectionId: evaluation.sectionId,
          evaluationId: evaluation.id,
          clarificationId: clarification.id,
          bidId: clarification.bidId,
        });
        return {
          data: {
            clarificationId: clarification.id,
            bidId: clarification.bidId,
            answer: body.answer,
            noChangeOfSubstance: true,
          },
        };
      },
    );
    return this.view((await this.models.EvaluationClarification.findByPk(clarificationId))!);
  }

  private async view(c: EvaluationClarification): Promise<ClarificationView> {
    const [tender, bid] = await Promise.all([
      this.deps.tenders.find(c.tenderId),
      this.models.EvaluationBid.findOne({ where: { evaluationId: c.evaluationId, bidId: c.bidId } }),
    ]);
    return {
      id: c.id,
      evaluationId: c.evaluationId,
      tenderId: c.tenderId,
      tenderTitle: tender?.title ?? '',
      bidId: c.bidId,
      bidderName: bid?.bidderName ?? '',
      question: c.question,
      askedAt: c.askedAt.toISOString(),
      answerDeadline: c.answerDeadline.toISOString(),
      answer: c.answer,
      answeredAt: c.answeredAt?.toISOString() ?? null,
    };
  }
}
