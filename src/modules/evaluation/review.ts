import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { reviewSheetProblems } from './method/index.js';
import type { EvaluationLog, StepResult } from './log.js';
import type { Membership } from './membership.js';
import type { EvaluationModels } from './models.js';
import { planOf } from './ranking.js';
import type { reviewSchema } from './schemas.js';
import type { Signatures } from './signatures.js';

export interface ReviewDeps {
  timeline: EvaluationLog;
  membership: Membership;
  signatures: Signatures;
  events: EventBus;
  clock: Clock;
}

const PROBLEM_MESSAGES: Record<string, string> = {
  CRITERION_MISSING: 'no verdict',
  REASON_REQUIRED: 'a fail needs its reason',
  CRITERION_UNKNOWN: 'not a pass-fail criterion of this plan',
};

/**
 * Compliance and qualification review (docs/domain.md §5, PB Art.29-31): during `review` each member signs a
 * sheet per admitted bid with a verdict on every pass-fail criterion of the plan and a reason for every fail.
 * A member may sign again while the step lasts (a new version; the last counts); the committee's majority is
 * settled when the leader moves on (steps.ts).
 */
export class Review {
  constructor(
    private readonly models: EvaluationModels,
    private readonly deps: ReviewDeps,
  ) {}

  submit(ctx: RequestContext, input: z.output<typeof reviewSchema>): Promise<StepResult> {
    const { payload } = input;
    return this.deps.timeline.step(
      ctx,
      input.evaluationId,
      input.eventId,
      'sheet-submitted',
      async (t, evaluation) => {
        const member = await this.deps.membership.activeMember(t, evaluation, ctx.actor!);
        if (evaluation.step !== 'review')
          throw conflict(
            'WRONG_STEP',
            `Review sheets are submitted during the review, not in ${evaluation.step}`,
          );
        if (payload.evaluationId !== evaluation.id || payload.memberId !== member.id)
          throw unprocessable('PAYLOAD_MISMATCH', 'The signed sheet names another evaluation or member');
        const bid = await this.models.EvaluationBid.findOne({
          where: { evaluationId: evaluation.id, bidId: payload.bidId },
          transaction: t,
        });
        if (!bid) throw notFound('Bid');
        if (bid.rejectionCode !== null)
          throw conflict(
            'BID_REJECTED',
            `This bid was rejected before the review: ${bid.rejectionReason ?? ''}`,
          );
        const plan = planOf(evaluation);
        const problems = reviewSheetProblems(payload.verdicts, plan.criteria);
        if (problems.length > 0) {
          const details = problems.map((p) => ({
            path: `payload.verdicts.${p.criterionKey ?? ''}`,
            message: PROBLEM_MESSAGES[p.code] ?? p.code,
            code: p.code,
          }));
          const first = problems[0]!;
          const named = plan.criteria.find((c) => c.key === first.criterionKey);
          const which = named ? `${named.name} (${named.key})` : (first.criterionKey ?? '');
          throw unprocessable(
            'VALIDATION_FAILED',
            `${which}: ${PROBLEM_MESSAGES[first.code] ?? first.code}`,
            details,
          );
        }
        await this.deps.signatures.verifySigned(t, member, payload, input.signature, input.certificateSerial);

        const last = (await this.models.EvaluationSheet.max('version', {
          where: { evaluationId: evaluation.id, memberId: member.id, bidId: bid.bidId, kind: 'review' },
          transaction: t,
        })) as number | null;
        const version = Number(last ?? 0) + 1;
        await this.models.EvaluationSheet.create(
          {
            id: randomUUID(),
            evaluationId: evaluation.id,
            memberId: member.id,
            bidId: bid.bidId,
            kind: 'review',
            version,
            payload: JSON.stringify(payload),
            signature: input.signature,
            certificateSerial: input.certificateSerial,
            correctionReason: null,
            correctionNote: null,
            void: false,
            submittedAt: this.deps.clock.now(),
          },
          { transaction: t },
        );
        await this.deps.events.emit(t, ctx, 'evaluation.sheet-submitted', {
          tenderId: evaluation.tenderId,
          sectionId: evaluation.sectionId,
          evaluationId: evaluation.id,
          memberId: member.id,
          bidId: bid.bidId,
          kind: 'review',
          version,
        });
        // Who reviewed which bid, not the verdicts: the committee's outcome is told when the step ends.
        return {
          data: { memberId: member.id, name: member.name, bidId: bid.bidId, kind: 'review', version },
        };
      },
    );
  }
}
