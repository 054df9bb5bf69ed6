import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { z } from 'zod';
import { canonicalJson } from '../../../crypto/index.js';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { unsigned } from './creation.js';
import type { EvaluationLog, StepResult } from './log.js';
import type { Membership } from './membership.js';
import type { Evaluation, EvaluationMember, EvaluationModels } from './models.js';
import type { CommitteePort, IdentityPort, OpeningPort, TendersPort } from './ports.js';
import { planOf } from './ranking.js';
import type { declareSchema, voteLeaderSchema } from './schemas.js';
import type { Signatures } from './signatures.js';

export interface CommitteeDeps {
  timeline: EvaluationLog;
  membership: Membership;
  signatures: Signatures;
  events: EventBus;
  clock: Clock;
  tenders: TendersPort;
  identity: IdentityPort;
  experts: CommitteePort;
  opening: OpeningPort;
}

/** The reason handed to the draw when a member's own statement is too short to be one (2-300 characters). */
const DEFAULT_RECUSAL = '评标委员会成员申报与投标人存在利害关系，申请回避';
const RECUSAL_MAX = 300;

/** Whether the actor's party is the tender's tenderee or its agency: they run it, and observe its evaluation. */
export function runsTender(
  actor: Actor,
  tender: { tendereePartyId: string; agencyPartyId: string | null },
): boolean {
  if (!actor.partyId || !['tenderee', 'agency'].includes(actor.role)) return false;
  return actor.partyId === tender.tendereePartyId || actor.partyId === tender.agencyPartyId;
}

/**
 * The committee while it forms (docs/domain.md §4): each member's signed declaration on the bidders, now named
 * (a declared conflict replaces the member: experts through the draw's redraw, and their conclusions are
 * void, SS Art.48); the election of the leader (组长) by more than half of the seats; the tenderee's
 * representatives (业主代表), added by the tenderee or its agency up to the plan's number.
 */
export class Committee {
  constructor(
    private readonly models: EvaluationModels,
    private readonly deps: CommitteeDeps,
  ) {}

  declare(ctx: RequestContext, input: z.output<typeof declareSchema>): Promise<StepResult> {
    const { payload } = input;
    return this.deps.timeline.step(
      ctx,
      input.evaluationId,
      input.eventId,
      'declared',
      async (t, evaluation) => {
        const member = await this.deps.membership.seat(t, evaluation, ctx.actor!);
        if (evaluation.step === 'concluded')
          throw conflict('WRONG_STEP', 'The evaluation is concluded: nothing is declared any more');
        if (member.state === 'declared')
          throw conflict('ALREADY_DECLARED', 'You have signed your declaration on these bidders');
        const bidders = (
          await this.models.EvaluationBid.findAll({ where: { evaluationId: evaluation.id }, transaction: t })
        )
          .map((b) => b.bidderName)
          .sort();
        if (JSON.stringify(payload.bidders) !== JSON.stringify(bidders))
          throw unprocessable(
            'BIDDERS_MISMATCH',
            "The declaration must name this evaluation's bidders, sorted, as the room shows them",
            { bidders },
          );
        await this.deps.signatures.verifySigned(t, member, payload, input.signature, input.certificateSerial);
        const now = this.deps.clock.now();
        const signed = {
          declaration: canonicalJson(payload),
          declarationSignature: input.signature,
          certificateSerial: input.certificateSerial,
          declaredAt: now,
        };
        if (!payload.conflict) {
          member.set({ ...signed, state: 'declared' });
          await member.save({ transaction: t });
          return { data: { memberId: member.id, name: member.name, conflict: false } };
        }
        const reason = recusalReason(payload.statement);
        await this.replace(t, ctx, evaluation, member, reason);
        member.set({
          ...signed,
          state: 'replaced',
          replacedAt: now,
          replacedReason: reason,
          leaderVote: null,
        });
        await member.save({ transaction: t });
        return { data: { memberId: member.id, name: member.name, conflict: true, reason } };
      },
    );
  }

  /**
   * A member out for a conflict: the draw replaces an expert first (it locks the draw before anything here
   * takes the audit chain's lock, in the order the draw's own answers take them), then every sheet of the
   * member is void, votes for them are withdrawn and a leader steps down.
   */
  private async replace(
    t: Transaction,
    ctx: RequestContext,
    evaluation: Evaluation,
    member: EvaluationMember,
    reason: string,
  ): Promise<void> {
    if (member.kind === 'expert' && member.expertId) {
      const opened = await this.deps.opening.bidsForEvaluation(evaluation.tenderId, evaluation.sectionId, t);
      await this.deps.experts.replaceForConflict(ctx, evaluation.drawId, member.expertId, reason, t, {
        bidderUsccs: opened.map((b) => b.bidderUscc).filter((u) => u !== ''),
      });
    }
    const where = { evaluationId: evaluation.id };
    await this.models.EvaluationSheet.update(
      { void: true },
      { where: { ...where, memberId: member.id }, transaction: t },
    );
    await this.models.EvaluationMember.update(
      { leaderVote: null },
      { where: { ...where, leaderVote: member.id }, transaction: t },
    );
    if (evaluation.leaderMemberId === member.id) {
      evaluation.set({ leaderMemberId: null });
      await evaluation.save({ transaction: t });
    }
    await this.deps.events.emit(t, ctx, 'evaluation.member-replaced', {
      tenderId: evaluation.tenderId,
      sectionId: evaluation.sectionId,
      evaluationId: evaluation.id,
      memberId: member.id,
      reason,
    });
  }

  /**
   * A declared member's vote for the leader, while the committee forms; a vote may be changed until someone
   * is elected. A candidate with the votes of more than half of the plan's seats is the leader.
   */
  voteLeader(ctx: RequestContext, input: z.output<typeof voteLeaderSchema>): Promise<StepResult> {
    return this.deps.timeline.step(
      ctx,
      input.evaluationId,
      input.eventId,
      'leader-vote',
      async (t, evaluation) => {
        const member = await this.deps.membership.activeMember(t, evaluation, ctx.actor!);
        if (evaluation.step !== 'forming')
          throw conflict('WRONG_STEP', 'The leader is elected while the committee forms');
        const candidate = await this.models.EvaluationMember.findOne({
          where: { id: input.candidateMemberId, evaluationId: evaluation.id },
          transaction: t,
        });
        if (!candidate || candidate.state === 'replaced')
          throw unprocessable('CANDIDATE_INVALID', 'The candidate is not a member of this committee');
        if (candidate.state !== 'declared')
          throw conflict('CANDIDATE_NOT_DECLARED', 'The candidate has not signed their declaration yet');
        member.set({ leaderVote: candidate.id });
        await member.save({ transaction: t });
        const votes = await this.models.EvaluationMember.count({
          where: { evaluationId: evaluation.id, leaderVote: candidate.id, state: { [Op.ne]: 'replaced' } },
          transaction: t,
        });
        const seats = planOf(evaluation).committee.size;
        const elected = evaluation.leaderMemberId === null && votes * 2 > seats;
        if (elected) {
          evaluation.set({ leaderMemberId: candidate.id });
          await evaluation.save({ transaction: t });
          await this.deps.events.emit(t, ctx, 'evaluation.leader-elected', {
            tenderId: evaluation.tenderId,
            sectionId: evaluation.sectionId,
            evaluationId: evaluation.id,
            memberId: candidate.id,
          });
        }
        return {
          data: {
            memberId: member.id,
            name: member.name,
            candidateMemberId: candidate.id,
            votes,
            of: seats,
            leaderMemberId: evaluation.leaderMemberId,
          },
        };
      },
    );
  }

  /**
   * A representative of the tenderee (业主代表, a user of the tenderee's party), added by the tenderee or its
   * agency while the committee forms, up to the plan's number (at most a third of the seats, ZB Art.37).
   */
  addRepresentative(ctx: RequestContext, evaluationId: string, userId: string): Promise<StepResult> {
    return this.deps.timeline.step(ctx, evaluationId, null, 'member-joined', async (t, evaluation) => {
      const tender = await this.deps.tenders.find(evaluation.tenderId, t);
      if (!tender || !runsTender(ctx.actor!, tender)) throw notFound('Evaluation');
      if (evaluation.step !== 'forming')
        throw conflict('WRONG_STEP', 'Representatives are added while the committee forms');
      const user = await this.deps.identity.findUser(userId, t);
      if (
        !user ||
        user.partyId !== tender.tendereePartyId ||
        user.role !== 'tenderee' ||
        user.status !== 'active'
      )
        throw unprocessable(
          'NOT_TENDEREE_USER',
          "A representative is an active user of the tenderee's party",
          [
            {
              path: 'userId',
              message: "not an active user of the tenderee's party",
              code: 'NOT_TENDEREE_USER',
            },
          ],
        );
      const members = await this.models.EvaluationMember.findAll({
        where: { evaluationId: evaluation.id },
        transaction: t,
      });
      if (members.some((m) => m.userId === userId))
        throw conflict('ALREADY_MEMBER', 'This user already sits on the committee');
      const allowed = planOf(evaluation).committee.representatives;
      const seated = members.filter((m) => m.kind === 'representative' && m.state !== 'replaced').length;
      if (seated >= allowed)
        throw conflict('REPRESENTATIVES_FULL', `The plan seats ${allowed} representative(s) of the tenderee`);
      const member = await this.models.EvaluationMember.create(
        {
          id: randomUUID(),
          evaluationId: evaluation.id,
          kind: 'representative',
          expertId: null,
          userId,
          name: user.displayName,
          state: 'seated',
          ...unsigned,
        },
        { transaction: t },
      );
      await this.deps.events.emit(t, ctx, 'evaluation.member-joined', {
        tenderId: evaluation.tenderId,
        sectionId: evaluation.sectionId,
        evaluationId: evaluation.id,
        memberId: member.id,
        kind: 'representative',
      });
      return { data: { memberId: member.id, name: member.name, kind: 'representative' } };
    });
  }
}

function recusalReason(statement: string): string {
  const trimmed = statement.trim();
  if (trimmed.length < 2) return DEFAULT_RECUSAL;
  return trimmed.length > RECUSAL_MAX ? `${trimmed.slice(0, RECUSAL_MAX - 1)}…` : trimmed;
}
