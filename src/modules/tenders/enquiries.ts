import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { mayManage } from './access.js';
import type { TenderClarification, TenderModels, TenderObjection } from './models.js';
import { candidateObjectionWindow, type PublicityWindow } from './rules/candidate-objection.js';
import { deadlineAfterClarification } from './rules/clarification-deadline.js';
import { objectionAnswerDue, objectionWindow } from './rules/objection-window.js';
import type { TenderDeps, TendersService } from './service.js';
import { can, isPublic } from './state-machine.js';
import { ruleViolation } from './violations.js';

export interface ClarificationRequest {
  kind: 'clarification' | 'amendment';
  title: string;
  body: string;
  /** A later bid deadline the tenderee chooses; the 15-day rule may move it further. */
  bidDeadline?: Date;
  /** The deadline the user saw in the preview and agreed to. */
  confirmBidDeadline: Date;
}

/**
 * Clarifications and amendments (澄清/修改, ZB Art.23) and objections to the documents (异议, SS Art.22):
 * the dialogue between the tenderee and bidders before the deadline, each step public or recorded.
 */
export class TenderEnquiries {
  constructor(
    private readonly models: TenderModels,
    private readonly tenders: TendersService,
    private readonly deps: TenderDeps,
  ) {}

  /** What the bid deadline becomes if a clarification goes out now: shown before the user confirms. */
  async preview(actor: Actor | null, id: string, requested?: Date) {
    const tender = await this.tenders.findVisible(actor, id);
    if (!mayManage(actor, tender)) throw forbidden('Only the tenderee or its agency may do this');
    return this.deadlineFor(tender.bidDeadline, requested);
  }

  async clarify(ctx: RequestContext, id: string, request: ClarificationRequest) {
    const { db, audit, events } = this.deps;
    return db.transaction(async (t) => {
      const tender = await this.tenders.lockManaged(t, ctx, id);
      if (!can(tender.status, 'clarify'))
        throw conflict('TENDER_CLOSED', `A ${tender.status} tender takes no clarifications`);
      const outcome = this.deadlineFor(tender.bidDeadline, request.bidDeadline);
      if (outcome.bidDeadline !== request.confirmBidDeadline.toISOString()) {
        throw conflict(
          'DEADLINE_CHANGED',
          'The bid deadline this clarification leads to has changed; confirm it again',
          {
            bidDeadline: outcome.bidDeadline,
          },
        );
      }
      const { TenderClarification } = this.models;
      const number = (await TenderClarification.count({ where: { tenderId: id }, transaction: t })) + 1;
      const clarification = await TenderClarification.create(
        {
          id: randomUUID(),
          tenderId: id,
          number,
          kind: request.kind,
          title: request.title,
          body: request.body,
          previousBidDeadline: tender.bidDeadline,
          bidDeadline: new Date(outcome.bidDeadline),
          publishedAt: this.deps.clock.now(),
          createdBy: ctx.actor!.userId,
        },
        { transaction: t },
      );
      await tender.update({ bidDeadline: clarification.bidDeadline }, { transaction: t });
      await audit.append(t, ctx, {
        action: 'tender.clarify',
        subject: `tender:${id}`,
        data: { number, kind: request.kind, bidDeadline: outcome.bidDeadline, moved: outcome.moved },
      });
      await events.emit(t, ctx, 'tender.clarified', {
        ...this.tenders.event(tender),
        number,
        kind: request.kind,
        deadlineMoved: outcome.moved,
      });
      return { ...clarificationView(clarification), deadlineMoved: outcome.moved };
    });
  }

  /** A bidder objects to the documents; the tender pauses until every objection is answered (SS Art.22). */
  async object(ctx: RequestContext, id: string, content: string) {
    const party = await this.verifiedParty(ctx);
    const { db, audit, clock, events } = this.deps;
    return db.transaction(async (t) => {
      const tender = await this.lockedUnheld(id, t);
      if (!can(tender.status, 'raiseObjection'))
        throw conflict('TENDER_CLOSED', `A ${tender.status} tender takes no objections`);
      const now = clock.now();
      const late = objectionWindow(tender.bidDeadline, now);
      if (late.length > 0) throw ruleViolation(late);
      const objection = await this.createObjection(t, ctx, id, party.id, content, now, {});
      await audit.append(t, ctx, {
        action: 'tender.object',
        subject: `tender:${id}`,
        data: { objectionId: objection.id },
      });
      if (can(tender.status, 'suspend')) await this.tenders.transition(t, ctx, tender, 'suspend');
      await events.emit(t, ctx, 'tender.objection-raised', {
        ...this.tenders.event(tender),
        objectionId: objection.id,
        partyId: party.id,
      });
      return objectionView(objection, now);
    });
  }

  /**
   * A bidder objects to a section's candidates during their publicity (SS Art.54), given by the award module
   * that publishes it. The tender is not suspended: the objection holds that section's award until answered
   * (`openCandidateObjections`), within 3 days like any objection.
   */
  async objectToCandidates(
    ctx: RequestContext,
    id: string,
    sectionId: string,
    publicity: PublicityWindow,
    content: string,
  ) {
    const party = await this.verifiedParty(ctx);
    const { db, audit, clock, events } = this.deps;
    return db.transaction(async (t) => {
      const tender = await this.lockedUnheld(id, t);
      if (!can(tender.status, 'raiseCandidateObjection'))
        throw conflict(
          'TENDER_NOT_IN_PUBLICITY',
          `A ${tender.status} tender takes no objections to candidates`,
        );
      const now = clock.now();
      const outside = candidateObjectionWindow(publicity, now);
      if (outside.length > 0) throw ruleViolation(outside);
      const objection = await this.createObjection(t, ctx, id, party.id, content, now, {
        stage: 'candidates',
        sectionId,
      });
      await audit.append(t, ctx, {
        action: 'tender.object-to-candidates',
        subject: `tender:${id}`,
        data: { objectionId: objection.id, sectionId },
      });
      await events.emit(t, ctx, 'tender.objection-raised', {
        ...this.tenders.event(tender),
        objectionId: objection.id,
        partyId: party.id,
        stage: 'candidates',
        sectionId,
      });
      return objectionView(objection, now);
    });
  }

  /** The caller's party, which must be verified to object (409 PARTY_NOT_VERIFIED). */
  private async verifiedParty(ctx: RequestContext) {
    const partyId = ctx.actor!.partyId;
    const party = partyId ? await this.deps.parties.find(partyId) : null;
    if (!party || party.status !== 'verified')
      throw conflict('PARTY_NOT_VERIFIED', 'Your party must be verified first');
    return party;
  }

  /** The public tender, locked for the change, and not under a supervisor's hold. */
  private async lockedUnheld(id: string, t: Transaction) {
    const tender = await this.models.Tender.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
    if (!tender || !isPublic(tender.status)) throw notFound('Tender');
    await this.tenders.holds.assertNotHeld(id, t);
    return tender;
  }

  /** An objection's row, due for an answer within 3 days of its submission (SS Art.22, Art.54). */
  private createObjection(
    t: Transaction,
    ctx: RequestContext,
    tenderId: string,
    partyId: string,
    content: string,
    now: Date,
    stage: { stage?: 'candidates'; sectionId?: string },
  ) {
    return this.models.TenderObjection.create(
      {
        id: randomUUID(),
        tenderId,
        partyId,
        submittedBy: ctx.actor!.userId,
        content,
        submittedAt: now,
        answerDueAt: objectionAnswerDue(now),
        answer: null,
        answeredAt: null,
        ...stage,
      },
      { transaction: t },
    );
  }

  /** Objections to a section's candidates not answered yet: each holds the section's award (SS Art.54). */
  async openCandidateObjections(tenderId: string, sectionId: string, t?: Transaction): Promise<number> {
    return this.models.TenderObjection.count({
      where: { tenderId, sectionId, stage: 'candidates', answeredAt: null },
      transaction: t,
    });
  }

  async answer(ctx: RequestContext, id: string, objectionId: string, answer: string) {
    const { db, audit, clock, events } = this.deps;
    return db.transaction(async (t) => {
      const tender = await this.tenders.lockManaged(t, ctx, id);
      const { TenderObjection } = this.models;
      const objection = await TenderObjection.findOne({
        where: { id: objectionId, tenderId: id },
        transaction: t,
      });
      if (!objection) throw notFound('Objection');
      if (objection.answeredAt)
        throw conflict('OBJECTION_ALREADY_ANSWERED', 'This objection has been answered');
      const now = clock.now();
      await objection.update({ answer, answeredAt: now }, { transaction: t });
      await audit.append(t, ctx, {
        action: 'tender.answer-objection',
        subject: `tender:${id}`,
        data: { objectionId },
      });
      await events.emit(t, ctx, 'tender.objection-answered', { ...this.tenders.event(tender), objectionId });
      // Only objections to the documents pause the tender; those to candidates hold the award instead.
      const stillOpen = await TenderObjection.count({
        where: { tenderId: id, answeredAt: null, stage: 'documents' },
        transaction: t,
      });
      if (stillOpen === 0 && can(tender.status, 'resume'))
        await this.tenders.transition(t, ctx, tender, 'resume');
      return objectionView(objection, now);
    });
  }

  /** The tender's runners and supervisors see every objection; a bidder sees its own party's. */
  async objections(actor: Actor, id: string) {
    const tender = await this.tenders.findVisible(actor, id);
    const all = mayManage(actor, tender) || actor.role === 'supervisor';
    if (!all && !actor.partyId) throw forbidden();
    const rows = await this.models.TenderObjection.findAll({
      where: all ? { tenderId: id } : { tenderId: id, partyId: actor.partyId! },
      order: [['submittedAt', 'ASC']],
    });
    const now = this.deps.clock.now();
    return rows.map((o) => objectionView(o, now));
  }

  private deadlineFor(current: Date, requested?: Date) {
    if (requested && requested < current) {
      throw ruleViolation([
        {
          code: 'DEADLINE_EARLIER',
          field: 'bidDeadline',
          message: 'A clarification may move the deadline later only',
        },
      ]);
    }
    const outcome = deadlineAfterClarification(requested ?? current, this.deps.clock.now());
    return {
      previousBidDeadline: current.toISOString(),
      bidDeadline: outcome.bidDeadline.toISOString(),
      moved: outcome.bidDeadline.getTime() !== current.getTime(),
    };
  }
}

export function clarificationView(c: TenderClarification) {
  return {
    number: c.number,
    kind: c.kind,
    title: c.title,
    body: c.body,
    previousBidDeadline: c.previousBidDeadline.toISOString(),
    bidDeadline: c.bidDeadline.toISOString(),
    publishedAt: c.publishedAt.toISOString(),
  };
}

export function objectionView(o: TenderObjection, now: Date) {
  return {
    id: o.id,
    tenderId: o.tenderId,
    partyId: o.partyId,
    content: o.content,
    submittedAt: o.submittedAt.toISOString(),
    answerDueAt: o.answerDueAt.toISOString(),
    answer: o.answer,
    answeredAt: o.answeredAt?.toISOString() ?? null,
    stage: o.stage ?? 'documents',
    sectionId: o.sectionId ?? null,
    /** Not answered within the 3 days SS Art.22 allows: supervision watches for this. */
    overdue: !o.answeredAt && now > o.answerDueAt,
  };
}
