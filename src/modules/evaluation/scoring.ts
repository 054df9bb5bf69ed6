import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { z } from 'zod';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, conflict, notFound, unprocessable } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import {
  scoreSheetProblems,
  objectiveDisagreements as disagreementsOf,
  type Disagreement,
} from './method/index.js';
import type { Evaluation, EvaluationLogEntry, EvaluationMember, EvaluationModels } from './models.js';
import {
  isScored,
  planOf,
  scoresOf,
  sheetsFor,
  typedCriteria,
  type Aggregate,
  type Ranking,
} from './ranking.js';
import type { scoreSchema } from './schemas.js';

/*
 * The ports this part of the module uses of the rest of it (log.ts, signatures.ts, membership.ts), by shape,
 * so each side is built and tested on its own.
 */

/** One step of the evaluation: one transaction, the evaluation row locked, one numbered log entry. */
export interface StepLog {
  step(
    ctx: RequestContext,
    evaluationId: string,
    eventId: string | null,
    kind: string,
    work: (t: Transaction, evaluation: Evaluation) => Promise<{ data: Record<string, unknown> }>,
  ): Promise<{ seq: number; replayed: boolean }>;
}

/** After each committed step: the gateway broadcasts the entry. */
export interface LogFeed {
  onLogged(listener: (entry: EvaluationLogEntry, evaluation: Evaluation) => void): unknown;
}

export interface SignatureCheck {
  verifySigned(
    t: Transaction,
    member: EvaluationMember,
    payload: object,
    signature: string,
    certificateSerial: string,
  ): Promise<void>;
}

export interface MemberCheck {
  /** 404 to a non-member, 409 MEMBER_REPLACED, 409 NOT_DECLARED. */
  activeMember(t: Transaction, evaluation: Evaluation, actor: Actor): Promise<EvaluationMember>;
}

export type ScoreInput = z.output<typeof scoreSchema>;

export interface ScoringDeps {
  log: StepLog;
  signatures: SignatureCheck;
  membership: MemberCheck;
  ranking: Ranking;
  events: EventBus;
  clock: Clock;
}

/**
 * Score sheets (docs/domain.md §5): one signed sheet per active member per passing bid during `scoring`;
 * corrections (GP87 Art.64: arithmetic, out of range, inconsistent objective score, extreme score) add a new
 * version during `scoring` or `ranking`, and in `ranking` the bids are ranked again at once.
 */
export class Scoring {
  constructor(
    private readonly models: EvaluationModels,
    private readonly deps: ScoringDeps,
  ) {}

  submitScore(ctx: RequestContext, input: ScoreInput): Promise<{ seq: number; replayed: boolean }> {
    const { payload } = input;
    return this.deps.log.step(
      ctx,
      input.evaluationId,
      input.eventId,
      'sheet-submitted',
      async (t, evaluation) => {
        const member = await this.deps.membership.activeMember(t, evaluation, ctx.actor!);
        const correction = payload.correction;
        const open = correction ? ['scoring', 'ranking'] : ['scoring'];
        if (!open.includes(evaluation.step))
          throw conflict(
            'WRONG_STEP',
            correction
              ? `Corrections are made while scoring or ranking, not in ${evaluation.step}`
              : `Score sheets are submitted while scoring, not in ${evaluation.step}`,
          );
        if (payload.evaluationId !== evaluation.id || payload.memberId !== member.id)
          throw unprocessable('PAYLOAD_MISMATCH', 'The signed sheet names another evaluation or member');
        const bid = await this.models.EvaluationBid.findOne({
          where: { evaluationId: evaluation.id, bidId: payload.bidId },
          transaction: t,
        });
        if (!bid) throw notFound('Bid');
        if (!isScored(bid))
          throw conflict('BID_NOT_SCORED', 'This bid was rejected or failed the review: it is not scored');
        const plan = planOf(evaluation);
        if (typedCriteria(plan).length === 0)
          throw conflict('BID_NOT_SCORED', 'This evaluation method has no criteria to score');
        const problems = scoreSheetProblems(payload.scores, plan.criteria);
        if (problems.length > 0) throw sheetError(problems, plan.criteria);

        const versions = await this.models.EvaluationSheet.findAll({
          where: { evaluationId: evaluation.id, memberId: member.id, bidId: bid.bidId, kind: 'score' },
          attributes: ['version', 'void'],
          transaction: t,
        });
        const last = versions.reduce((max, s) => Math.max(max, s.version), 0);
        if (!correction && last > 0)
          throw conflict(
            'SHEET_EXISTS',
            'You have scored this bid; a change is a correction with its reason',
          );
        if (correction && last === 0)
          throw unprocessable(
            'NOTHING_TO_CORRECT',
            'A correction changes a submitted sheet; submit the sheet first',
          );

        await this.deps.signatures.verifySigned(t, member, payload, input.signature, input.certificateSerial);
        const version = last + 1;
        await this.models.EvaluationSheet.create(
          {
            id: randomUUID(),
            evaluationId: evaluation.id,
            memberId: member.id,
            bidId: bid.bidId,
            kind: 'score',
            version,
            payload: JSON.stringify(payload),
            signature: input.signature,
            certificateSerial: input.certificateSerial,
            correctionReason: correction?.reason ?? null,
            correctionNote: correction?.note ?? null,
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
          kind: 'score',
          version,
        });
        // The ranking shown must be the sheets' as they now stand (GP87 Art.64: the correction is the record).
        if (evaluation.step === 'ranking') await this.deps.ranking.rank(t, evaluation, ctx);
        // Who scored which bid, and why a version changed: never a score (the log is shown to the room).
        return {
          data: {
            memberId: member.id,
            name: member.name,
            bidId: bid.bidId,
            kind: 'score',
            version,
            correction: correction ? { reason: correction.reason, note: correction.note } : null,
          },
        };
      },
    );
  }
}

/** A sheet against the plan fails on its first problem, named by criterion; `details` lists them all. */
function sheetError(
  problems: { code: string; criterionKey?: string }[],
  criteria: { key: string; name: string }[],
) {
  const first = problems[0]!;
  const named = criteria.find((c) => c.key === first.criterionKey);
  const which = named ? `${named.name} (${named.key})` : (first.criterionKey ?? 'the sheet');
  const messages: Record<string, string> = {
    CRITERION_MISSING: `No score for ${which}`,
    SCORE_OUT_OF_RANGE: `The score for ${which} is outside 0 to its full points`,
    SCORE_NOT_HUNDREDTHS: `The score for ${which} is not a whole number of hundredths`,
    PRICE_SCORE_TYPED: `${which} is the price score: it is computed, never typed`,
    CRITERION_UNKNOWN: `${which} is not a scored criterion of this plan`,
  };
  return new AppError(422, first.code, messages[first.code] ?? `The sheet is wrong at ${which}`, problems);
}

/**
 * Objective criteria on which the active members' current sheets for each passing bid differ: the values,
 * never who gave them (shown to the leader and supervisors, so the member in error corrects it).
 */
export function objectiveDisagreements(agg: Aggregate): (Disagreement & { bidId: string })[] {
  return agg.scored.flatMap((bid) =>
    disagreementsOf(
      sheetsFor(agg, bid.bidId).map(({ sheet }) => scoresOf(sheet)),
      agg.plan.criteria,
    ).map((d) => ({ bidId: bid.bidId, ...d })),
  );
}
