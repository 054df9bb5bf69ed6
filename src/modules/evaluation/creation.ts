import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { Actor } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { AnyEnvelope, EventBus } from '../../platform/events.js';
import type { Logger } from '../../platform/logger.js';
import { priceFlags } from './method/index.js';
import type { EvaluationLog } from './log.js';
import type { Evaluation, EvaluationModels } from './models.js';
import type { EvaluationPlan } from '../tenders/index.js';
import type { CommitteePort, CreditCriterionPort, OpenedBid, OpeningPort, TendersPort } from './ports.js';

/** The creation's cursor in the event stream (event_cursors): keep the name, or it reads from the start. */
export const CREATION_CONSUMER = 'evaluation-creation';

const READ = ['opening.completed', 'expert-draw.announced', 'expert-draw.confirmed'] as const;

/** SS Art.51: a price above the maximum price (最高投标限价) is rejected before the committee reviews it. */
export const ABOVE_MAX_PRICE = 'ABOVE_MAX_PRICE';

export interface CreationDeps {
  events: EventBus;
  clock: Clock;
  log?: Logger;
  tenders: TendersPort;
  opening: OpeningPort;
  experts: CommitteePort;
  timeline: EvaluationLog;
}

/** A bid rejected by the tender's credit criterion (docs/domain.md §12). */
export const CREDIT_RECORD = 'CREDIT_RECORD';

const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * Creates each section's evaluation as a durable consumer of the event stream (docs/domain.md §5): once the
 * tender's opening completed with the tender `evaluating` AND the section's expert draw is announced, in
 * whichever order the two come. The section's opened bids are admitted (a price above the maximum rejected,
 * an abnormally low one flagged), the announced committee's confirmed experts seated, and the plan the
 * bidders were shown frozen into it. A replacement expert who confirms later (after a member declared a
 * conflict) is seated in the running evaluation. One evaluation per section (unique index), and the consumer
 * handles each event once, on one node, in the transaction that moves its cursor.
 */
export class EvaluationCreation {
  /** The credit module's port, filled when it is built (it is listed after evaluation). */
  private credit: CreditCriterionPort | null = null;

  constructor(
    private readonly models: EvaluationModels,
    private readonly deps: CreationDeps,
  ) {}

  setCreditCheck(check: CreditCriterionPort): void {
    this.credit = check;
  }

  /**
   * The plan's credit criteria ("no record of kind X within N years", docs/domain.md §12), checked for each
   * bidder as the evaluation starts: a bidder that fails is rejected before the review with the records named.
   */
  private async creditRejection(
    partyId: string,
    plan: EvaluationPlan,
    t: Transaction,
  ): Promise<string | null> {
    const wanted = plan.creditRequirements ?? [];
    if (wanted.length === 0 || !this.credit) return null;
    for (const req of wanted) {
      const found = await this.credit.recordsWithin(partyId, [req.kind], req.years, t);
      if (found.length > 0)
        return `投标人存在${req.years}年内的信用记录（${req.kind}，记录 ${found.map((f) => f.recordId).join('、')}），不满足招标文件信用要求，资格审查不通过`;
    }
    return null;
  }

  subscribe(): void {
    this.deps.events.consume(CREATION_CONSUMER, (t, event) => this.handle(t, event), { types: READ });
  }

  /** Handles every committed event not handled yet, now (tests; the consumer also runs by itself). */
  idle(): Promise<void> {
    return this.deps.events.consumers.drain(CREATION_CONSUMER);
  }

  private async handle(t: Transaction, event: AnyEnvelope): Promise<void> {
    switch (event.type) {
      case 'opening.completed': {
        if (event.data.status !== 'evaluating') return;
        const view = await this.deps.tenders.view(event.data.tenderId, t);
        for (const section of view.sections)
          await this.createIfReady(t, event, event.data.tenderId, section.id);
        return;
      }
      case 'expert-draw.announced': {
        if (!(await this.openedForEvaluation(event.data.tenderId))) return;
        await this.createIfReady(t, event, event.data.tenderId, event.data.sectionId);
        return;
      }
      case 'expert-draw.confirmed':
        await this.seatReplacement(t, event);
        return;
      default:
    }
  }

  /** Whether the tender's opening completed with the tender evaluating (the stream says so, durably). */
  private async openedForEvaluation(tenderId: string): Promise<boolean> {
    const completed = await this.deps.events.read(0, 100, { types: ['opening.completed'], tenderId });
    return completed.some((e) => e.type === 'opening.completed' && e.data.status === 'evaluating');
  }

  private async createIfReady(
    t: Transaction,
    origin: AnyEnvelope,
    tenderId: string,
    sectionId: string,
  ): Promise<void> {
    const { Evaluation: Evaluations, EvaluationBid, EvaluationMember } = this.models;
    if (await Evaluations.findOne({ where: { tenderId, sectionId }, transaction: t })) return;
    const committee = await this.deps.experts.committee(tenderId, sectionId, t);
    if (!committee) return;
    // A failed section (流标) has no opened bids: nothing to evaluate.
    const bids = await this.deps.opening.bidsForEvaluation(tenderId, sectionId, t);
    if (bids.length === 0) return;
    const [plan, view] = await Promise.all([
      this.deps.tenders.evaluationPlan(tenderId, sectionId, t),
      this.deps.tenders.view(tenderId, t),
    ]);
    const maxPriceFen = view.sections.find((s) => s.id === sectionId)?.maxPriceFen ?? null;
    const flags = priceFlags(bids, { maxPriceFen, abnormallyLowPercent: plan.abnormallyLowPercent });
    const now = this.deps.clock.now();

    const evaluation = await Evaluations.create(
      {
        id: randomUUID(),
        tenderId,
        sectionId,
        drawId: committee.drawId,
        step: 'forming',
        plan: JSON.stringify(plan),
        leaderMemberId: null,
        lastSeq: 0,
        startedAt: now,
        scheduledEndAt: new Date(now.getTime() + plan.durationMinutes * 60_000),
        extensions: 0,
        concludedAt: null,
        result: null,
      },
      { transaction: t },
    );
    const rejected: string[] = [];
    const flagged: string[] = [];
    for (const bid of bids) {
      const codes = flags.filter((f) => f.bidId === bid.bidId).map((f) => f.code);
      const above = codes.includes(ABOVE_MAX_PRICE);
      const creditFailed = above ? null : await this.creditRejection(bid.bidderPartyId, plan, t);
      if (above || creditFailed) rejected.push(bid.bidId);
      const others = codes.filter((c) => c !== ABOVE_MAX_PRICE);
      if (others.length > 0) flagged.push(bid.bidId);
      await EvaluationBid.create(
        {
          ...admitted(evaluation.id, bid),
          rejectionCode: above ? ABOVE_MAX_PRICE : creditFailed ? CREDIT_RECORD : null,
          rejectionReason: above
            ? `投标报价 ${yuan(bid.priceFen)} 元高于最高投标限价 ${yuan(maxPriceFen!)} 元，否决其投标（招标投标法实施条例第五十一条）`
            : creditFailed,
          flags: JSON.stringify(others),
        },
        { transaction: t },
      );
    }
    // Experts without a login cannot sit online: their seat stays open, and the committee is incomplete.
    const online = committee.members.filter((m) => m.userId !== null);
    for (const m of online) {
      await EvaluationMember.create(
        {
          id: randomUUID(),
          evaluationId: evaluation.id,
          kind: 'expert',
          expertId: m.expertId,
          userId: m.userId!,
          name: m.name,
          state: 'seated',
          ...unsigned,
        },
        { transaction: t },
      );
    }
    if (online.length < committee.members.length)
      this.deps.log?.warn(
        { evaluationId: evaluation.id, offline: committee.members.length - online.length },
        'committee experts without a login were not seated',
      );
    const ids = { tenderId, sectionId, evaluationId: evaluation.id };
    await this.deps.events.emit(t, origin, 'evaluation.created', {
      ...ids,
      bids: bids.length,
      members: online.length,
    });
    await this.deps.timeline.appendIn(t, origin, evaluation, {
      kind: 'created',
      data: {
        bids: bids.length,
        members: online.length,
        rejected,
        flagged,
        scheduledEndAt: evaluation.scheduledEndAt.toISOString(),
      },
    });
  }

  /**
   * A replacement drawn after a declared conflict confirmed: seated in the running evaluation of that draw
   * (the draw's confirmations before the announcement find no evaluation and are passed over).
   */
  private async seatReplacement(t: Transaction, event: AnyEnvelope & { type: 'expert-draw.confirmed' }) {
    const { tenderId, sectionId, drawId, expertId } = event.data;
    const evaluation = await this.models.Evaluation.findOne({
      where: { tenderId, sectionId },
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    if (!evaluation || evaluation.drawId !== drawId || evaluation.step === 'concluded') return;
    const seated = await this.models.EvaluationMember.findOne({
      where: { evaluationId: evaluation.id, expertId },
      transaction: t,
    });
    if (seated) return;
    const committee = await this.deps.experts.committee(tenderId, sectionId, t);
    const expert =
      committee?.drawId === drawId ? committee.members.find((m) => m.expertId === expertId) : null;
    if (!expert?.userId) return;
    // The same person cannot hold two seats (a user linked to two pool entries).
    const sameUser = await this.models.EvaluationMember.findOne({
      where: { evaluationId: evaluation.id, userId: expert.userId, state: { [Op.ne]: 'replaced' } },
      transaction: t,
    });
    if (sameUser) return;
    const member = await this.models.EvaluationMember.create(
      {
        id: randomUUID(),
        evaluationId: evaluation.id,
        kind: 'expert',
        expertId,
        userId: expert.userId,
        name: expert.name,
        state: 'seated',
        ...unsigned,
      },
      { transaction: t },
    );
    await joined(this.deps, t, event, evaluation, member);
  }
}

/** A new member: the stream hears of it, and the room's timeline shows it. */
export async function joined(
  deps: Pick<CreationDeps, 'events' | 'timeline'>,
  t: Transaction,
  origin: AnyEnvelope | { actor: Actor | null; ip: string; requestId: string },
  evaluation: Evaluation,
  member: { id: string; name: string; kind: 'expert' | 'representative' },
): Promise<void> {
  await deps.events.emit(t, origin, 'evaluation.member-joined', {
    tenderId: evaluation.tenderId,
    sectionId: evaluation.sectionId,
    evaluationId: evaluation.id,
    memberId: member.id,
    kind: member.kind,
  });
  await deps.timeline.appendIn(t, origin, evaluation, {
    kind: 'member-joined',
    data: { memberId: member.id, name: member.name, kind: member.kind },
  });
}

/** A member as seated: nothing signed, nothing voted yet. */
export const unsigned = {
  declaration: null,
  declarationSignature: null,
  certificateSerial: null,
  declaredAt: null,
  replacedAt: null,
  replacedReason: null,
  leaderVote: null,
  timeShortAt: null,
} as const;

function admitted(evaluationId: string, bid: OpenedBid) {
  return {
    evaluationId,
    bidId: bid.bidId,
    bidderPartyId: bid.bidderPartyId,
    bidderName: bid.bidderName,
    priceFen: bid.priceFen,
    receivedAt: bid.receivedAt,
    attachments: JSON.stringify(
      bid.attachments.map((a) => ({ name: a.name, size: a.size, mediaType: a.mediaType })),
    ),
    reviewOutcome: null,
    priceScore: null,
    score: null,
    technicalScore: null,
    rank: null,
  };
}
