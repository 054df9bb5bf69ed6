import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Op, type Transaction } from 'sequelize';
import type { AuditLog } from '../../../platform/audit/audit-log.js';
import type { Actor, RequestContext } from '../../../platform/auth/roles.js';
import type { WorkingDayCalendar } from '../../../platform/china/working-days.js';
import type { Clock } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import { conflict, notFound, unprocessable } from '../../../platform/errors.js';
import type { EventBus } from '../../../platform/events.js';
import type { BlobStore } from '../../../platform/storage/blob-store.js';
import { isComplainant, isRespondent, maySeeComplaint } from './access.js';
import { acceptanceClock, decisionClock, filingDeadline, isFutureDate } from './clocks.js';
import { stageEvidence } from './evidence.js';
import './events.js';
import type { Complaint, ComplaintModels, ComplaintStatus } from './models.js';
import type { PartiesPort, TendersPort } from './ports.js';
import type {
  ClockStopBody,
  ComplaintListQuery,
  ComplaintView,
  DecisionBody,
  EvidenceView,
  FilingBody,
  PublishedDecision,
  ReviewBody,
} from './schemas.js';
import { toComplaintView, toEvidenceView, toPublishedDecision } from './views.js';

export interface ComplaintDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  blobs: BlobStore;
  tenders: TendersPort;
  parties: PartiesPort;
  calendar: WorkingDayCalendar;
}

const LIST_LIMIT = 500;

/**
 * Complaints (投诉, SS Art.60-61): filed by a bidder against a published tender, accepted or not by a
 * supervisor within 3 working days, answered by the tenderee or agency, decided within 30 working days of
 * acceptance (stopped periods aside) and the decision published. Every step is audited and told to the stream.
 */
export class ComplaintService {
  constructor(
    readonly models: ComplaintModels,
    private readonly deps: ComplaintDeps,
  ) {}

  async uploadEvidence(
    ctx: RequestContext,
    upload: { name: string; contentType: string; body: () => Readable },
  ): Promise<EvidenceView> {
    const actor = ctx.actor!;
    await this.verifiedParty(actor);
    const staged = await stageEvidence(this.deps.blobs, upload.body(), upload.contentType);
    try {
      const row = await this.deps.db.transaction(async (t) => {
        const evidence = await this.models.ComplaintEvidence.create(
          {
            id: randomUUID(),
            complaintId: null,
            partyId: actor.partyId!,
            uploadedBy: actor.userId,
            name: upload.name,
            contentType: upload.contentType,
            size: staged.size,
            sha256: staged.sha256,
            uploadedAt: this.deps.clock.now(),
          },
          { transaction: t },
        );
        await this.deps.audit.append(t, ctx, {
          action: 'complaint.evidence-upload',
          subject: `complaint-evidence:${evidence.id}`,
          data: { name: upload.name, size: staged.size, sha256: staged.sha256 },
        });
        await staged.commit();
        return evidence;
      });
      return toEvidenceView(row);
    } catch (err) {
      await staged.discard();
      throw err;
    }
  }

  async file(ctx: RequestContext, body: FilingBody): Promise<ComplaintView> {
    const actor = ctx.actor!;
    const party = await this.verifiedParty(actor);
    const tender = await this.deps.tenders.view(body.tenderId);
    if (tender.publishedAt === null) throw notFound('Tender');
    const now = this.deps.clock.now();
    if (isFutureDate(body.knewOn, now))
      throw unprocessable('KNEW_ON_IN_FUTURE', 'The date you knew of the harm cannot be after today', [
        { path: 'knewOn', message: 'after today (Beijing time)', code: 'KNEW_ON_IN_FUTURE' },
      ]);
    const deadline = filingDeadline(this.deps.calendar, body.knewOn);
    if (now > deadline)
      throw unprocessable(
        'COMPLAINT_TOO_LATE',
        'A complaint is filed within 10 days of knowing of the harm (SS Art.60)',
        { knewOn: body.knewOn, deadline: deadline.toISOString() },
      );
    const evidenceIds = [...new Set(body.evidenceIds)];
    const id = randomUUID();
    const complaint = await this.deps.db.transaction(async (t) => {
      const evidence = await this.models.ComplaintEvidence.findAll({
        where: { id: evidenceIds },
        transaction: t,
        lock: t.LOCK.UPDATE,
      });
      const usable = new Set(
        evidence.filter((e) => e.partyId === actor.partyId && e.complaintId === null).map((e) => e.id),
      );
      const bad = evidenceIds.filter((e) => !usable.has(e));
      if (bad.length > 0)
        throw unprocessable(
          'EVIDENCE_INVALID',
          'Name evidence files your party uploaded and no complaint uses yet',
          bad.map((e) => ({
            path: `evidenceIds.${body.evidenceIds.indexOf(e)}`,
            message: 'unknown or already used',
            code: 'EVIDENCE_INVALID',
          })),
        );
      const row = await this.models.Complaint.create(
        {
          id,
          tenderId: tender.id,
          tenderTitle: tender.title,
          tendereePartyId: tender.tenderee.id,
          agencyPartyId: tender.agency?.id ?? null,
          complainantPartyId: party.id,
          complainantName: party.name,
          filedBy: actor.userId,
          filedByName: actor.displayName,
          facts: body.facts,
          request: body.request,
          knewOn: body.knewOn,
          filedAt: now,
          status: 'filed',
          reviewedAt: null,
          reviewedBy: null,
          reviewedByName: null,
          reviewReason: null,
          answer: null,
          answeredAt: null,
          answeredByName: null,
          conclusion: null,
          decisionText: null,
          decidedAt: null,
          decidedBy: null,
          decidedByName: null,
          withdrawnAt: null,
          withdrawalReason: null,
        },
        { transaction: t },
      );
      await this.models.ComplaintEvidence.update(
        { complaintId: id },
        { where: { id: evidenceIds }, transaction: t },
      );
      const due = acceptanceClock(this.deps.calendar, now, null, now).dueAt;
      await this.deps.audit.append(t, ctx, {
        action: 'complaint.file',
        subject: `complaint:${id}`,
        data: { tenderId: tender.id, knewOn: body.knewOn, evidenceIds, acceptanceDueAt: due.toISOString() },
      });
      await this.deps.events.emit(t, ctx, 'complaint.filed', {
        complaintId: id,
        tenderId: tender.id,
        complainantPartyId: party.id,
        acceptanceDueAt: due.toISOString(),
      });
      return row;
    });
    return this.view(complaint);
  }

  /** The complaints the actor may read: a supervisor's queue, a bidder's own, a tenderee's or agency's tenders'. */
  async list(actor: Actor, query: ComplaintListQuery): Promise<ComplaintView[]> {
    const scope =
      actor.role === 'supervisor'
        ? {}
        : actor.role === 'bidder'
          ? { complainantPartyId: actor.partyId ?? '' }
          : { [Op.or]: [{ tendereePartyId: actor.partyId ?? '' }, { agencyPartyId: actor.partyId ?? '' }] };
    const rows = await this.models.Complaint.findAll({
      where: { ...scope, ...(query.status && { status: query.status }) },
      order: [
        ['filedAt', 'DESC'],
        ['id', 'ASC'],
      ],
      limit: LIST_LIMIT,
    });
    return this.views(rows);
  }

  async get(actor: Actor, id: string): Promise<ComplaintView> {
    return this.view(await this.visible(actor, id));
  }

  /** An evidence file's record and content, for those who may read the complaint; each read audited. */
  async evidence(ctx: RequestContext, id: string, evidenceId: string) {
    const complaint = await this.visible(ctx.actor!, id);
    const evidence = await this.models.ComplaintEvidence.findOne({
      where: { id: evidenceId, complaintId: complaint.id },
    });
    if (!evidence) throw notFound('Evidence');
    await this.deps.db.transaction((t) =>
      this.deps.audit.append(t, ctx, {
        action: 'complaint.evidence-read',
        subject: `complaint-evidence:${evidence.id}`,
        data: { complaintId: complaint.id },
      }),
    );
    return { evidence, content: await this.deps.blobs.open(evidence.sha256) };
  }

  /** 受理 or 不予受理, with the reason; a late review is allowed (and shows as overdue on the record). */
  async review(ctx: RequestContext, id: string, body: ReviewBody): Promise<ComplaintView> {
    return this.step(ctx, id, ['filed'], async (c, t, now) => {
      const accepted = body.decision === 'accept';
      await c.update(
        {
          status: accepted ? 'accepted' : 'not-accepted',
          reviewedAt: now,
          reviewedBy: ctx.actor!.userId,
          reviewedByName: ctx.actor!.displayName,
          reviewReason: body.reason,
        },
        { transaction: t },
      );
      await this.audit(t, ctx, c, accepted ? 'complaint.accept' : 'complaint.reject', {
        reason: body.reason,
      });
      if (accepted) {
        const due = decisionClock(this.deps.calendar, now, [], null, now).dueAt!;
        await this.deps.events.emit(t, ctx, 'complaint.accepted', {
          ...this.ref(c),
          decisionDueAt: due.toISOString(),
        });
      } else {
        await this.deps.events.emit(t, ctx, 'complaint.not-accepted', this.ref(c));
      }
    });
  }

  /** The tenderee's or agency's answer (答复) to an accepted complaint; once. */
  async answer(ctx: RequestContext, id: string, text: string): Promise<ComplaintView> {
    const actor = ctx.actor!;
    return this.step(ctx, id, ['accepted'], async (c, t, now) => {
      if (!isRespondent(actor, c)) throw notFound('Complaint');
      if (c.answer !== null)
        throw conflict('COMPLAINT_ALREADY_ANSWERED', 'The complaint is answered already');
      await c.update(
        { answer: text, answeredAt: now, answeredByName: actor.displayName },
        { transaction: t },
      );
      await this.audit(t, ctx, c, 'complaint.answer', {});
      await this.deps.events.emit(t, ctx, 'complaint.answered', this.ref(c));
    });
  }

  async stopClock(ctx: RequestContext, id: string, body: ClockStopBody): Promise<ComplaintView> {
    return this.step(ctx, id, ['accepted'], async (c, t, now) => {
      if (await this.openStop(c.id, t))
        throw conflict('CLOCK_ALREADY_STOPPED', 'The clock is stopped already');
      await this.models.ComplaintClockStop.create(
        {
          id: randomUUID(),
          complaintId: c.id,
          kind: body.kind,
          reason: body.reason,
          startedAt: now,
          startedByName: ctx.actor!.displayName,
          endedAt: null,
          endedByName: null,
        },
        { transaction: t },
      );
      await this.audit(t, ctx, c, 'complaint.clock-stop', { kind: body.kind, reason: body.reason });
      await this.deps.events.emit(t, ctx, 'complaint.clock-stopped', { ...this.ref(c), kind: body.kind });
    });
  }

  async resumeClock(ctx: RequestContext, id: string): Promise<ComplaintView> {
    return this.step(ctx, id, ['accepted'], async (c, t, now) => {
      const stop = await this.openStop(c.id, t);
      if (!stop) throw conflict('CLOCK_NOT_STOPPED', 'The clock is running');
      await stop.update({ endedAt: now, endedByName: ctx.actor!.displayName }, { transaction: t });
      const stops = await this.models.ComplaintClockStop.findAll({
        where: { complaintId: c.id },
        transaction: t,
      });
      const clock = decisionClock(
        this.deps.calendar,
        c.reviewedAt!,
        stops.map((s) => ({ start: s.startedAt, end: s.endedAt })),
        null,
        now,
      );
      await this.audit(t, ctx, c, 'complaint.clock-resume', {
        kind: stop.kind,
        decisionDueAt: clock.dueAt!.toISOString(),
      });
      await this.deps.events.emit(t, ctx, 'complaint.clock-resumed', {
        ...this.ref(c),
        kind: stop.kind,
        decisionDueAt: clock.dueAt!.toISOString(),
      });
    });
  }

  /** The decision, published at once: the clock must be running (an expert review or inspection ended first). */
  async decide(ctx: RequestContext, id: string, body: DecisionBody): Promise<ComplaintView> {
    return this.step(ctx, id, ['accepted'], async (c, t, now) => {
      if (await this.openStop(c.id, t))
        throw conflict('CLOCK_STOPPED', 'Resume the clock (end the review or inspection) before deciding');
      await c.update(
        {
          status: 'decided',
          conclusion: body.conclusion,
          decisionText: body.text,
          decidedAt: now,
          decidedBy: ctx.actor!.userId,
          decidedByName: ctx.actor!.displayName,
        },
        { transaction: t },
      );
      await this.audit(t, ctx, c, 'complaint.decide', { conclusion: body.conclusion });
      await this.deps.events.emit(t, ctx, 'complaint.decided', {
        ...this.ref(c),
        complainantPartyId: c.complainantPartyId,
        tendereePartyId: c.tendereePartyId,
        agencyPartyId: c.agencyPartyId,
        conclusion: body.conclusion,
      });
    });
  }

  /** The complainant withdraws before the decision (撤回投诉); the handling ends. */
  async withdraw(ctx: RequestContext, id: string, reason: string): Promise<ComplaintView> {
    const actor = ctx.actor!;
    return this.step(ctx, id, ['filed', 'accepted'], async (c, t, now) => {
      if (!isComplainant(actor, c)) throw notFound('Complaint');
      const stop = await this.openStop(c.id, t);
      if (stop) await stop.update({ endedAt: now, endedByName: actor.displayName }, { transaction: t });
      await c.update({ status: 'withdrawn', withdrawnAt: now, withdrawalReason: reason }, { transaction: t });
      await this.audit(t, ctx, c, 'complaint.withdraw', { reason });
      await this.deps.events.emit(t, ctx, 'complaint.withdrawn', this.ref(c));
    });
  }

  /** The published decisions, newest first: public. */
  async decisions(): Promise<PublishedDecision[]> {
    const rows = await this.models.Complaint.findAll({
      where: { status: 'decided' },
      order: [
        ['decidedAt', 'DESC'],
        ['id', 'ASC'],
      ],
      limit: LIST_LIMIT,
    });
    return rows.map(toPublishedDecision);
  }

  private async verifiedParty(actor: Actor) {
    const party = actor.partyId ? await this.deps.parties.find(actor.partyId) : null;
    if (!party || party.status !== 'verified')
      throw conflict('PARTY_NOT_VERIFIED', 'Your party must be verified first');
    return party;
  }

  private async visible(actor: Actor, id: string): Promise<Complaint> {
    const c = await this.models.Complaint.findByPk(id);
    if (!c || !maySeeComplaint(actor, c)) throw notFound('Complaint');
    return c;
  }

  private openStop(complaintId: string, t: Transaction) {
    return this.models.ComplaintClockStop.findOne({
      where: { complaintId, endedAt: null },
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
  }

  private ref(c: Complaint) {
    return { complaintId: c.id, tenderId: c.tenderId };
  }

  private audit(t: Transaction, ctx: RequestContext, c: Complaint, action: string, data: object) {
    return this.deps.audit.append(t, ctx, {
      action,
      subject: `complaint:${c.id}`,
      data: { tenderId: c.tenderId, ...data },
    });
  }

  /** One step under the complaint's row lock, from the statuses it may be taken from. */
  private async step(
    ctx: RequestContext,
    id: string,
    from: ComplaintStatus[],
    apply: (c: Complaint, t: Transaction, now: Date) => Promise<void>,
  ): Promise<ComplaintView> {
    const complaint = await this.deps.db.transaction(async (t) => {
      const row = await this.models.Complaint.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
      if (!row || !maySeeComplaint(ctx.actor, row)) throw notFound('Complaint');
      if (!from.includes(row.status))
        throw conflict(
          'COMPLAINT_WRONG_STATUS',
          `The complaint is ${row.status}; this step needs it ${from.join(' or ')}`,
          {
            status: row.status,
          },
        );
      await apply(row, t, this.deps.clock.now());
      return row;
    });
    return this.view(complaint);
  }

  private async view(c: Complaint): Promise<ComplaintView> {
    return (await this.views([c]))[0]!;
  }

  private async views(rows: Complaint[]): Promise<ComplaintView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [evidence, stops] = await Promise.all([
      this.models.ComplaintEvidence.findAll({
        where: { complaintId: ids },
        order: [
          ['uploadedAt', 'ASC'],
          ['id', 'ASC'],
        ],
      }),
      this.models.ComplaintClockStop.findAll({ where: { complaintId: ids }, order: [['startedAt', 'ASC']] }),
    ]);
    const now = this.deps.clock.now();
    return rows.map((c) =>
      toComplaintView(
        c,
        evidence.filter((e) => e.complaintId === c.id),
        stops.filter((s) => s.complaintId === c.id),
        this.deps.calendar,
        now,
      ),
    );
  }
}
