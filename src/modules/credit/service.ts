import { randomUUID } from 'node:crypto';
import { Op, type Transaction, type WhereOptions } from 'sequelize';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import { PARTY_ROLES, type Actor, type RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, notFound } from '../../platform/errors.js';
import { pageByKeyset } from '../../platform/http/keyset.js';
import { KIND_RULES, type RecordKind } from './kinds.js';
import type { CreditModels, CreditRecord, RequestKind } from './models.js';
import type { ExpertsPort, PartiesPort } from './ports.js';
import { partyScore } from './score.js';
import { inEffect, statusAt } from './status.js';
import { toRecordView, toRequestView, type RecordView, type RequestView } from './views.js';

export interface CreditDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  parties: PartiesPort;
  experts: ExpertsPort;
}

/** A blacklisting record in effect, as the refusal names it. */
export interface Barring {
  recordId: string;
  kind: RecordKind;
  kindName: string;
  basis: string;
  validUntil: string | null;
}

const isSupervisor = (actor: Actor | null) => actor?.role === 'supervisor' || actor?.role === 'admin';

/**
 * The credit records' reads and the effects other modules ask for (bids, the draw, the evaluation: through
 * their own ports), the subjects' objections and repair applications, and the supervisor's decisions.
 */
export class CreditService {
  constructor(
    readonly models: CreditModels,
    private readonly deps: CreditDeps,
  ) {}

  // ---- effects -------------------------------------------------------------------------------------------

  /** The first blacklisting record in effect now for a party or expert, or null. */
  async barring(
    subjectKind: 'party' | 'expert',
    subjectId: string,
    t?: Transaction,
  ): Promise<Barring | null> {
    const rows = await this.models.CreditRecord.findAll({
      where: { subjectKind, subjectId, barring: true, status: ['active', 'objected'] },
      order: [['validFrom', 'ASC']],
      transaction: t,
    });
    const now = this.deps.clock.now();
    const r = rows.find((row) => inEffect(row, now));
    return r ? barringOf(r) : null;
  }

  /** Every expert barred now, for the draw's exclusions (recorded in the draw's request). */
  async barredExperts(): Promise<{ expertId: string; barring: Barring }[]> {
    const rows = await this.models.CreditRecord.findAll({
      where: { subjectKind: 'expert', barring: true, status: ['active', 'objected'] },
      order: [
        ['subjectId', 'ASC'],
        ['validFrom', 'ASC'],
      ],
    });
    const now = this.deps.clock.now();
    const seen = new Map<string, Barring>();
    for (const r of rows) if (inEffect(r, now) && !seen.has(r.subjectId)) seen.set(r.subjectId, barringOf(r));
    return [...seen].map(([expertId, barring]) => ({ expertId, barring }));
  }

  /**
   * A party's records of these kinds made within the last `years` (valid from after now − years), not revoked
   * or repaired: a tender's credit criterion ("no record of kind X within N years"). An expired record still
   * counts: the criterion asks about the past, not about a blacklisting in force.
   */
  async recordsWithin(partyId: string, kinds: readonly string[], years: number, t?: Transaction) {
    const now = this.deps.clock.now();
    const since = new Date(now);
    since.setUTCFullYear(since.getUTCFullYear() - years);
    const rows = await this.models.CreditRecord.findAll({
      where: {
        subjectKind: 'party',
        subjectId: partyId,
        kind: [...kinds],
        status: ['active', 'objected'],
        validFrom: { [Op.gt]: since, [Op.lte]: now },
      },
      order: [['validFrom', 'ASC']],
      transaction: t,
    });
    return rows.map((r) => ({ recordId: r.id, kind: r.kind, validFrom: r.validFrom.toISOString() }));
  }

  // ---- reads ---------------------------------------------------------------------------------------------

  /** The public query by name or USCC: matching parties with their public records and score. */
  async query(q: string) {
    const parties = await this.deps.parties.search(q.trim(), 20);
    return Promise.all(
      parties.map(async (p) => {
        const page = await this.partyPage(null, p.uscc);
        return { ...page.party, score: page.score, records: page.records.length, barred: page.barred };
      }),
    );
  }

  /** A party's credit page: public records to all; every record to supervisors and the party's own users. */
  async partyPage(actor: Actor | null, uscc: string) {
    const party = await this.deps.parties.byUscc(uscc);
    if (!party || party.status !== 'verified') throw notFound('Party');
    const own = !!actor && PARTY_ROLES.includes(actor.role) && actor.partyId === party.id;
    const seesAll = own || isSupervisor(actor);
    const rows = await this.models.CreditRecord.findAll({
      where: { subjectKind: 'party', subjectId: party.id },
      order: [
        ['validFrom', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: 500,
    });
    const now = this.deps.clock.now();
    const effective = rows.filter((r) => inEffect(r, now));
    // The score is public: it counts the public records only, so it tells nobody of a restricted one.
    const scored = effective.filter((r) => r.visibility === 'public');
    const shown = rows.filter(
      (r) =>
        seesAll ||
        (r.visibility === 'public' && ['active', 'objected', 'expired'].includes(statusAt(r, now))),
    );
    const requests = seesAll ? await this.requestsOf(shown.map((r) => r.id)) : [];
    return {
      party: { id: party.id, name: party.name, uscc: party.uscc },
      score: partyScore(scored),
      barred: effective.some((r) => r.barring),
      records: shown.map((r) => toRecordView(r, now)),
      requests,
      canRequest: own,
    };
  }

  async get(actor: Actor | null, id: string): Promise<RecordView> {
    const r = await this.models.CreditRecord.findByPk(id);
    if (!r || !(await this.sees(actor, r))) throw notFound('Credit record');
    return toRecordView(r, this.deps.clock.now());
  }

  /**
   * The export for other platforms (format in README.md): public records, oldest first by their creation,
   * paged by cursor; `since` (ISO instant) for harvesters.
   */
  async exportPage(query: { cursor?: string; limit: number; since?: string }) {
    const where: WhereOptions = { visibility: 'public', status: { [Op.ne]: 'revoked' } };
    if (query.since) Object.assign(where, { createdAt: { [Op.gte]: new Date(query.since) } });
    const page = await pageByKeyset(this.models.CreditRecord, where, {
      orderBy: 'createdAt',
      direction: 'ASC',
      cursor: query.cursor,
      limit: query.limit,
    });
    const now = this.deps.clock.now();
    return {
      format: 'yangguang-credit/1',
      generatedAt: now.toISOString(),
      records: page.items.map((r) => exported(r, now)),
      nextCursor: page.nextCursor,
    };
  }

  /** The newest public records, for the feed. */
  async latest(limit: number) {
    const rows = await this.models.CreditRecord.findAll({
      where: { visibility: 'public', status: { [Op.ne]: 'revoked' } },
      order: [
        ['createdAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit,
    });
    const now = this.deps.clock.now();
    return rows.map((r) => exported(r, now));
  }

  // ---- objection and repair ------------------------------------------------------------------------------

  /** The subject objects to a record (异议): it stays in effect until a supervisor decides. */
  object(ctx: RequestContext, recordId: string, reason: string): Promise<RequestView> {
    return this.file(ctx, recordId, 'objection', reason);
  }

  /** The subject applies for repair (信用修复) once the record's minimum publicity has passed. */
  applyForRepair(ctx: RequestContext, recordId: string, reason: string): Promise<RequestView> {
    return this.file(ctx, recordId, 'repair', reason);
  }

  private file(ctx: RequestContext, recordId: string, kind: RequestKind, reason: string) {
    const { db, audit, clock } = this.deps;
    return db.transaction(async (t) => {
      const r = await this.models.CreditRecord.findByPk(recordId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!r || !(await this.isSubject(ctx.actor, r, t))) throw notFound('Credit record');
      const now = clock.now();
      if (r.severity === 'good')
        throw conflict('CREDIT_GOOD_RECORD', 'A good record needs no objection or repair');
      const status = statusAt(r, now);
      if (status !== 'active') {
        const message = `The record is ${status}: no ${kind} can be filed against it`;
        throw conflict('CREDIT_RECORD_NOT_ACTIVE', message, { status });
      }
      const pending = await this.models.CreditRequest.findOne({
        where: { recordId, status: 'pending' },
        transaction: t,
      });
      if (pending)
        throw conflict('CREDIT_REQUEST_PENDING', 'A request about this record awaits its decision');
      if (kind === 'repair' && now.getTime() < r.publicityUntil.getTime()) {
        throw conflict(
          'REPAIR_TOO_EARLY',
          `Repair may be applied for after the minimum publicity, from ${r.publicityUntil.toISOString()}`,
          { publicityUntil: r.publicityUntil.toISOString() },
        );
      }
      const request = await this.models.CreditRequest.create(
        {
          id: randomUUID(),
          recordId,
          kind,
          partyId: r.subjectId,
          filedBy: ctx.actor!.userId,
          filedByName: ctx.actor!.displayName,
          reason,
          filedAt: now,
          status: 'pending',
          decidedBy: null,
          decidedByName: null,
          decisionNote: null,
          decidedAt: null,
        },
        { transaction: t },
      );
      if (kind === 'objection') await r.update({ status: 'objected' }, { transaction: t });
      await audit.append(t, ctx, {
        action: `credit.${kind}-filed`,
        subject: `credit-record:${recordId}`,
        data: { requestId: request.id, reason },
      });
      return toRequestView(request, r);
    });
  }

  /** The requests awaiting a decision (supervisors), oldest first. */
  async pendingRequests(): Promise<RequestView[]> {
    const rows = await this.models.CreditRequest.findAll({
      where: { status: 'pending' },
      order: [['filedAt', 'ASC']],
      limit: 500,
    });
    const records = await this.models.CreditRecord.findAll({ where: { id: rows.map((r) => r.recordId) } });
    const byId = new Map(records.map((r) => [r.id, r]));
    return rows.map((q) => toRequestView(q, byId.get(q.recordId)!));
  }

  /**
   * A supervisor's decision: an objection granted revokes the record (it was wrong), refused puts it back to
   * active; a repair granted ends its effect and takes it out of the public view (信用修复), refused changes
   * nothing. Audited.
   */
  decide(ctx: RequestContext, requestId: string, body: { grant: boolean; note: string }) {
    const { db, audit, clock } = this.deps;
    return db.transaction(async (t) => {
      const q = await this.models.CreditRequest.findByPk(requestId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!q) throw notFound('Credit request');
      if (q.status !== 'pending')
        throw conflict('CREDIT_REQUEST_DECIDED', `The request was ${q.status} already`);
      const r = (await this.models.CreditRecord.findByPk(q.recordId, {
        transaction: t,
        lock: t.LOCK.UPDATE,
      }))!;
      const now = clock.now();
      await q.update(
        {
          status: body.grant ? 'granted' : 'refused',
          decidedBy: ctx.actor!.userId,
          decidedByName: ctx.actor!.displayName,
          decisionNote: body.note,
          decidedAt: now,
        },
        { transaction: t },
      );
      const before = r.status;
      if (q.kind === 'objection')
        await r.update({ status: body.grant ? 'revoked' : 'active' }, { transaction: t });
      else if (body.grant) await r.update({ status: 'repaired' }, { transaction: t });
      await audit.append(t, ctx, {
        action: `credit.${q.kind}-decided`,
        subject: `credit-record:${r.id}`,
        data: { requestId, grant: body.grant, note: body.note, from: before, to: r.status },
      });
      return toRequestView(q, r);
    });
  }

  // ---- who sees what -------------------------------------------------------------------------------------

  private async requestsOf(recordIds: string[]) {
    if (recordIds.length === 0) return [];
    const rows = await this.models.CreditRequest.findAll({
      where: { recordId: recordIds },
      order: [['filedAt', 'DESC']],
    });
    const records = await this.models.CreditRecord.findAll({ where: { id: [...new Set(recordIds)] } });
    const byId = new Map(records.map((r) => [r.id, r]));
    return rows.map((q) => toRequestView(q, byId.get(q.recordId)!));
  }

  private async sees(actor: Actor | null, r: CreditRecord) {
    if (isSupervisor(actor) || (await this.isSubject(actor, r))) return true;
    return r.visibility === 'public' && r.status !== 'revoked' && r.status !== 'repaired';
  }

  /** The record's subject: a user of the party, or the expert's own login. */
  private async isSubject(actor: Actor | null, r: CreditRecord, t?: Transaction): Promise<boolean> {
    if (!actor) return false;
    if (r.subjectKind === 'party') return PARTY_ROLES.includes(actor.role) && actor.partyId === r.subjectId;
    if (actor.role !== 'expert') return false;
    const expert = await this.deps.experts.expert(r.subjectId, t);
    return expert?.userId === actor.userId;
  }
}

function barringOf(r: CreditRecord): Barring {
  return {
    recordId: r.id,
    kind: r.kind,
    kindName: KIND_RULES[r.kind].zh,
    basis: r.basis,
    validUntil: r.validUntil?.toISOString() ?? null,
  };
}

/** One record in the exchange format (README.md, "Export format"). */
function exported(r: CreditRecord, now: Date) {
  return {
    id: r.id,
    subject: { type: r.subjectKind, name: r.subjectName, uscc: r.subjectUscc },
    kind: r.kind,
    kindName: KIND_RULES[r.kind].zh,
    severity: r.severity,
    blacklisted: r.barring,
    basis: r.basis,
    summary: r.summary,
    validFrom: r.validFrom.toISOString(),
    validUntil: r.validUntil?.toISOString() ?? null,
    status: statusAt(r, now),
    source: { event: r.sourceType, seq: r.sourceSeq },
    recordedAt: r.createdAt.toISOString(),
  };
}

export type ExportedRecord = ReturnType<typeof exported>;
