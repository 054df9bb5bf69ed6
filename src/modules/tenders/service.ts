import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { assertMayManage, mayManage, maySee } from './access.js';
import { nextProjectCode, prepareProjectCounter, tenderCode } from './codes.js';
import './events.js';
import type { EvaluationCriterion, Tender, TenderModels } from './models.js';
import { cancellationReason } from './rules/cancellation-reason.js';
import { checkTender, type Violation } from './rules/index.js';
import type { TenderInput, TenderView } from './schemas.js';
import { can, nextStatus, type TenderTransition } from './state-machine.js';
import { toTenderView } from './views.js';
import { TenderEnquiries } from './enquiries.js';
import { TenderHolds, type ActiveHold } from './holds.js';
import { ruleViolation } from './violations.js';
import { replaceParts, tenderColumns } from './draft-rows.js';
import { tenderRevision } from './revision.js';
import { freezeCustodians, gatherFacts } from './facts.js';
import { assertCustodiansExist, resolveParties } from './participants.js';
import { effectivePlan, type EvaluationPlan } from './evaluation-plan.js';
import type { CertificatesPort, IdentityPort, PartiesPort } from './ports.js';

/** A tender as the bids module checks a sealed bid against it. */
export interface BiddingTerms {
  id: string;
  code: string;
  status: Tender['status'];
  bidDeadline: Date;
  sections: { id: string; code: string }[];
  custodians: {
    threshold: number;
    /** certificatePem: the frozen certificate, against which a format 2 bid's custodian keys are checked. */
    members: { position: number; certificateSerial: string | null; certificatePem: string | null }[];
  };
  /** A supervisor's hold (监督暂停) in force: bids and withdrawals are refused while set. */
  hold: ActiveHold | null;
}

export interface TenderDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  parties: PartiesPort;
  identity: IdentityPort;
  certificates: CertificatesPort;
}

/** The system itself acting (the scheduler closing bidding at the deadline). */
const systemContext = (requestId: string): RequestContext => ({ actor: null, ip: 'system', requestId });

/**
 * Tenders from draft to the bid deadline (标前): the tenderee or its agency writes a draft, checks it against
 * the rules, publishes it (freezing the key custodians' certificates), and may cancel it with a reason;
 * bidding closes by itself at the deadline. Every status change goes through the state machine.
 */
export class TendersService {
  constructor(
    private readonly models: TenderModels,
    private readonly deps: TenderDeps,
  ) {
    this.enquiries = new TenderEnquiries(models, this, deps);
    this.holds = new TenderHolds(models, deps);
  }

  /** Supervisory holds (监督暂停, holds.ts): every trading-side step asks `holds.assertNotHeld`. */
  readonly holds: TenderHolds;

  /** Clarifications, amendments and objections (enquiries.ts), on the same tenders. */
  readonly enquiries: TenderEnquiries;

  async createDraft(
    ctx: RequestContext,
    input: TenderInput,
  ): Promise<{ tender: TenderView; violations: Violation[] }> {
    const { tendereePartyId, agencyPartyId } = await resolveParties(this.deps, ctx.actor!, input);
    await assertCustodiansExist(this.deps, input);
    const { db, audit, clock, events } = this.deps;
    const counter = await prepareProjectCounter(
      this.models,
      db,
      input.category,
      input.regionCode,
      clock.now(),
    );
    const id = await db.transaction(async (t) => {
      const projectCode = await nextProjectCode(this.models, t, counter);
      const tender = await this.models.Tender.create(
        {
          id: randomUUID(),
          code: tenderCode(projectCode),
          projectCode,
          ...tenderColumns(input),
          tendereePartyId,
          agencyPartyId,
          status: 'draft',
          publishedAt: null,
          cancelledAt: null,
          cancellationReason: null,
          createdBy: ctx.actor!.userId,
        },
        { transaction: t },
      );
      await replaceParts(this.models, t, tender, input);
      await audit.append(t, ctx, {
        action: 'tender.create',
        subject: `tender:${tender.id}`,
        data: { code: tender.code },
      });
      await events.emit(t, ctx, 'tender.created', this.event(tender));
      return tender.id;
    });
    return this.withViolations(id);
  }

  async updateDraft(ctx: RequestContext, id: string, input: TenderInput) {
    await this.deps.db.transaction(async (t) => {
      const tender = await this.lockManaged(t, ctx, id);
      if (!can(tender.status, 'editDraft'))
        throw conflict('TENDER_NOT_DRAFT', 'Only a draft can be edited; use a clarification');
      const { tendereePartyId, agencyPartyId } = await resolveParties(this.deps, ctx.actor!, input);
      // The tender belongs to its tenderee: an agency cannot hand a draft over to another one.
      if (tendereePartyId !== tender.tendereePartyId) {
        throw unprocessable('TENDEREE_FIXED', 'The tenderee of a tender cannot be changed', [
          { path: 'tendereePartyId', message: 'the tenderee cannot be changed', code: 'TENDEREE_FIXED' },
        ]);
      }
      await assertCustodiansExist(this.deps, input);
      const before = await this.view(id, t);
      await tender.update({ ...tenderColumns(input), tendereePartyId, agencyPartyId }, { transaction: t });
      await replaceParts(this.models, t, tender, input);
      const changes = tenderRevision(before, await this.view(id, t));
      await this.deps.audit.append(t, ctx, {
        action: 'tender.update',
        subject: `tender:${id}`,
        data: { changes },
      });
      await this.deps.events.emit(t, ctx, 'tender.updated', { ...this.event(tender), changes });
    });
    return this.withViolations(id);
  }

  /**
   * Throws a draft away (删除草稿) with its sections and custodians; modules holding rows of the draft (its
   * documents) remove theirs in `within` handlers of 'tender.draft-deleted', in this transaction. The audit
   * entry and the event stay as the record that it existed. A published tender is cancelled instead.
   */
  async deleteDraft(ctx: RequestContext, id: string): Promise<void> {
    const { db, audit, events } = this.deps;
    const { TenderSection, TenderCustodian } = this.models;
    await db.transaction(async (t) => {
      const tender = await this.lockManaged(t, ctx, id);
      if (!can(tender.status, 'deleteDraft'))
        throw conflict('TENDER_NOT_DRAFT', 'Only a draft can be deleted; a published tender is cancelled');
      await audit.append(t, ctx, {
        action: 'tender.delete-draft',
        subject: `tender:${id}`,
        data: { code: tender.code, title: tender.title },
      });
      await events.emit(t, ctx, 'tender.draft-deleted', this.event(tender));
      await TenderSection.destroy({ where: { tenderId: id }, transaction: t });
      await TenderCustodian.destroy({ where: { tenderId: id }, transaction: t });
      await tender.destroy({ transaction: t });
    });
  }

  /** The rule check a user runs before publishing; the same one publishing enforces. */
  async check(actor: Actor | null, id: string): Promise<Violation[]> {
    const tender = await this.findVisible(actor, id);
    if (!mayManage(actor, tender) && actor?.role !== 'supervisor') throw forbidden();
    return checkTender(await gatherFacts(this.models, this.deps, tender), this.deps.clock.now());
  }

  async publish(ctx: RequestContext, id: string): Promise<TenderView> {
    const { db, clock } = this.deps;
    await db.transaction(async (t) => {
      const tender = await this.lockManaged(t, ctx, id);
      nextStatus(tender.status, 'publish'); // a tender that cannot be published is told so before the rules
      const now = clock.now();
      const violations = checkTender(await gatherFacts(this.models, this.deps, tender, t), now);
      if (violations.length > 0) throw ruleViolation(violations);
      await freezeCustodians(this.models, this.deps, t, tender, now);
      await this.transition(t, ctx, tender, 'publish', { publishedAt: now });
    });
    return this.view(id);
  }

  async cancel(ctx: RequestContext, id: string, reason: string | undefined): Promise<TenderView> {
    await this.deps.db.transaction(async (t) => {
      const tender = await this.lockManaged(t, ctx, id);
      const broken = cancellationReason(reason);
      if (broken.length > 0) throw ruleViolation(broken);
      await this.transition(t, ctx, tender, 'cancel', {
        cancelledAt: this.deps.clock.now(),
        cancellationReason: reason!.trim(),
      });
    });
    return this.view(id);
  }

  /** Closes bidding on every published tender whose deadline has passed (ZB Art.34); returns how many. */
  async closeDueBidding(): Promise<number> {
    const due = await this.models.Tender.findAll({
      where: { status: 'published', bidDeadline: { [Op.lte]: this.deps.clock.now() } },
      attributes: ['id'],
    });
    let closed = 0;
    for (const { id } of due) {
      closed += await this.deps.db.transaction(async (t) => {
        const tender = await this.models.Tender.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
        // Re-checked under the lock: another node, or an amendment, may have got there first.
        if (!tender || !can(tender.status, 'closeBidding') || tender.bidDeadline > this.deps.clock.now())
          return 0;
        await this.transition(t, systemContext('scheduler'), tender, 'closeBidding');
        return 1;
      });
    }
    return closed;
  }

  /** Applies a lifecycle transition with its audit entry and event; the one path for status changes. */
  async transition(
    t: Transaction,
    ctx: RequestContext,
    tender: Tender,
    transition: TenderTransition,
    changes: Partial<Pick<Tender, 'publishedAt' | 'cancelledAt' | 'cancellationReason'>> = {},
  ): Promise<void> {
    const from = tender.status;
    const status = nextStatus(from, transition);
    await tender.update({ ...changes, status }, { transaction: t });
    await this.deps.audit.append(t, ctx, {
      action: `tender.${transition}`,
      subject: `tender:${tender.id}`,
      data: { from, to: status, ...(changes.cancellationReason && { reason: changes.cancellationReason }) },
    });
    await this.emitTransition(t, ctx, tender, transition);
  }

  private async emitTransition(
    t: Transaction,
    ctx: RequestContext,
    tender: Tender,
    transition: TenderTransition,
  ): Promise<unknown> {
    const event = this.event(tender);
    const { events } = this.deps;
    switch (transition) {
      case 'publish':
        return events.emit(t, ctx, 'tender.published', event);
      case 'suspend':
        return events.emit(t, ctx, 'tender.suspended', event);
      case 'resume':
        return events.emit(t, ctx, 'tender.resumed', event);
      case 'closeBidding':
        return events.emit(t, ctx, 'tender.bidding-closed', event);
      case 'cancel':
        return events.emit(t, ctx, 'tender.cancelled', { ...event, reason: tender.cancellationReason ?? '' });
      case 'startOpening':
        return events.emit(t, ctx, 'tender.opening-started', event);
      case 'fail':
        return events.emit(t, ctx, 'tender.failed', event);
      case 'startEvaluation':
        return events.emit(t, ctx, 'tender.evaluation-started', event);
      case 'startPublicity':
        return events.emit(t, ctx, 'tender.publicity-started', event);
      case 'award':
        return events.emit(t, ctx, 'tender.awarded', event);
      case 'contract':
        return events.emit(t, ctx, 'tender.contracted', event);
      case 'startPerformance':
        return events.emit(t, ctx, 'tender.performance-started', event);
      case 'close':
        return events.emit(t, ctx, 'tender.closed', event);
    }
  }

  async get(actor: Actor | null, id: string): Promise<TenderView> {
    await this.findVisible(actor, id);
    return this.view(id);
  }

  /** Tenders the caller runs (tenderee or agency staff), or all for oversight, newest first. */
  async listManaged(actor: Actor, limit: number): Promise<TenderView[]> {
    const where =
      actor.role === 'supervisor' || actor.role === 'admin'
        ? {}
        : { [Op.or]: [{ tendereePartyId: actor.partyId }, { agencyPartyId: actor.partyId }] };
    const rows = await this.models.Tender.findAll({
      where,
      order: [['createdAt', 'DESC']],
      limit,
      attributes: ['id'],
    });
    return Promise.all(rows.map((r) => this.view(r.id)));
  }

  /**
   * The whole tender as data, without an access check: for other modules (notices, open data, bids). Inside a
   * transaction (an `events.within` handler) pass it, so the uncommitted change is what is read.
   */
  async view(id: string, transaction?: Transaction): Promise<TenderView> {
    const { Tender, TenderSection, TenderCustodian, TenderClarification } = this.models;
    const tender = await Tender.findByPk(id, { transaction });
    if (!tender) throw notFound('Tender');
    const byTender = { where: { tenderId: id }, transaction };
    const [sections, custodians, clarifications, tenderee, agency] = await Promise.all([
      TenderSection.findAll({ ...byTender, order: [['position', 'ASC']] }),
      TenderCustodian.findAll({ ...byTender, order: [['position', 'ASC']] }),
      TenderClarification.findAll({ ...byTender, order: [['number', 'ASC']] }),
      this.deps.parties.find(tender.tendereePartyId, transaction),
      tender.agencyPartyId ? this.deps.parties.find(tender.agencyPartyId, transaction) : null,
    ]);
    // Each member's format 2 key, when one is registered for the very certificate frozen at publication.
    const serials = custodians.flatMap((c) => (c.certificateSerial ? [c.certificateSerial] : []));
    const curveKeys = await this.deps.certificates.curveKeys.forCertificates(serials, transaction);
    const named = await Promise.all(
      custodians.map(async (c) =>
        Object.assign(c, {
          displayName: (await this.deps.identity.findUser(c.userId, transaction))?.displayName ?? '',
          curveKey: (c.certificateSerial && curveKeys.get(c.certificateSerial)) || null,
        }),
      ),
    );
    return toTenderView({ tender, sections, custodians: named, clarifications, tenderee: tenderee!, agency });
  }

  /**
   * What a sealed bid is checked against (bids module): status, deadline, sections, the frozen custodians.
   * Those who may not see the tender get 404. See lockBidding for the same under the tender's lock.
   */
  async biddingTerms(actor: Actor | null, id: string): Promise<BiddingTerms> {
    const { Tender, TenderSection, TenderCustodian } = this.models;
    const tender = await Tender.findByPk(id);
    if (!tender || !maySee(actor, tender)) throw notFound('Tender');
    const byTender = { where: { tenderId: id } };
    const [sections, custodians, hold] = await Promise.all([
      TenderSection.findAll({ ...byTender, order: [['position', 'ASC']] }),
      TenderCustodian.findAll({ ...byTender, order: [['position', 'ASC']] }),
      this.holds.activeHold(id),
    ]);
    return {
      id: tender.id,
      code: tender.code,
      status: tender.status,
      bidDeadline: tender.bidDeadline,
      sections: sections.map((s) => ({ id: s.id, code: s.code })),
      custodians: {
        threshold: tender.custodianThreshold,
        members: custodians.map((c) => ({
          position: c.position,
          certificateSerial: c.certificateSerial,
          certificatePem: c.certificatePem,
        })),
      },
      hold,
    };
  }

  /**
   * The tender's status and deadline under its row lock, inside a bid's transaction, so bids on one tender
   * commit one at a time and never alongside a status change (closing at the deadline, suspension). One
   * query: sections and custodians are frozen once published, and bids wait on this lock in turn.
   */
  async lockBidding(
    t: Transaction,
    id: string,
  ): Promise<Pick<BiddingTerms, 'status' | 'bidDeadline' | 'hold'>> {
    const tender = await this.models.Tender.findByPk(id, {
      transaction: t,
      lock: t.LOCK.UPDATE,
      attributes: ['id', 'status', 'bidDeadline'],
    });
    if (!tender) throw notFound('Tender');
    // A supervisor's hold refuses bids and withdrawals alike (bids/checks.ts); read under the same lock.
    const hold = await this.holds.activeHold(id, t);
    return { status: tender.status, bidDeadline: tender.bidDeadline, hold };
  }

  /** The tenders a user is a key custodian of, with the position (opening module). */
  async custodianships(userId: string): Promise<{ tenderId: string; position: number }[]> {
    const rows = await this.models.TenderCustodian.findAll({
      where: { userId },
      attributes: ['tenderId', 'position'],
    });
    return rows.map((r) => ({ tenderId: r.tenderId, position: r.position }));
  }

  /**
   * The tender row locked in the caller's transaction, with its sections, for the opening module: the one
   * lock that orders every step of an opening and every key release. Status changes still go through
   * transition(). Null when there is no such tender.
   */
  async lockForOpening(
    id: string,
    t: Transaction,
  ): Promise<{ tender: Tender; sections: { id: string; position: number }[] } | null> {
    const tender = await this.models.Tender.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
    if (!tender) return null;
    const sections = await this.models.TenderSection.findAll({
      where: { tenderId: id },
      order: [['position', 'ASC']],
      attributes: ['id', 'position'],
      transaction: t,
    });
    return { tender, sections: sections.map((s) => ({ id: s.id, position: s.position })) };
  }

  /**
   * How a section is evaluated (evaluation module): its own plan, or the one derived from the tender's method
   * and criteria. Frozen with the tender at publication. 404 when the tender has no such section.
   */
  async evaluationPlan(tenderId: string, sectionId: string, t?: Transaction): Promise<EvaluationPlan> {
    const [tender, section] = await Promise.all([
      this.models.Tender.findByPk(tenderId, { transaction: t }),
      this.models.TenderSection.findOne({ where: { id: sectionId, tenderId }, transaction: t }),
    ]);
    if (!tender || !section) throw notFound('Tender section');
    const evaluationCriteria = JSON.parse(tender.evaluationCriteria) as EvaluationCriterion[];
    return effectivePlan(section, { evaluationMethod: tender.evaluationMethod, evaluationCriteria });
  }

  async find(id: string, transaction?: Transaction): Promise<Tender | null> {
    return this.models.Tender.findByPk(id, { transaction });
  }

  /** Whether amendment number `number` of the tender has been issued (the documents' change rule). */
  async amendmentIssued(tenderId: string, number: number, transaction?: Transaction): Promise<boolean> {
    const { TenderClarification } = this.models;
    const count = await TenderClarification.count({
      where: { tenderId, number, kind: 'amendment' },
      transaction,
    });
    return count > 0;
  }

  async findVisible(actor: Actor | null, id: string): Promise<Tender> {
    const tender = await this.models.Tender.findByPk(id);
    if (!tender || !maySee(actor, tender)) throw notFound('Tender');
    return tender;
  }

  async lockManaged(t: Transaction, ctx: RequestContext, id: string): Promise<Tender> {
    const tender = await this.models.Tender.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
    if (!tender || !maySee(ctx.actor, tender)) throw notFound('Tender');
    assertMayManage(ctx.actor, tender);
    // Every step of the tender's runners comes through here: a supervisor's hold refuses them all.
    await this.holds.assertNotHeld(id, t);
    return tender;
  }

  event(tender: Tender) {
    return { tenderId: tender.id, code: tender.code, at: this.deps.clock.now().toISOString() };
  }

  private async withViolations(id: string) {
    const tender = await this.view(id);
    const row = (await this.find(id))!;
    return {
      tender,
      violations: checkTender(await gatherFacts(this.models, this.deps, row), this.deps.clock.now()),
    };
  }
}
