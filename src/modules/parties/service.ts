import { randomUUID } from 'node:crypto';
import { col, fn, Op, where as sqlWhere, type Transaction, type WhereOptions } from 'sequelize';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { revision } from '../../platform/events/revision.js';
import { paginate, type Page } from '../../platform/http/pagination.js';
import { toUserView } from '../identity/index.js';
import type { UserView } from '../identity/index.js';
import { assertMayEdit, isOverseer, seesPrivateFields, staffRoleFor } from './access.js';
import './events.js';
import type { Party, PartyKind, PartyModels, PartyStatus } from './models.js';
import type { PartyView } from './schemas.js';
import type { IdentityPort } from './ports.js';

export interface Registration {
  party: {
    name: string;
    uscc: string;
    kind: PartyKind;
    regionCode: string;
    contactName: string;
    contactPhone: string;
    contactEmail?: string;
    address?: string;
  };
  account: { username: string; password: string; displayName: string };
}

export type PartyChanges = Partial<
  Pick<Party, 'name' | 'regionCode' | 'contactName' | 'contactPhone' | 'contactEmail' | 'address'>
>;

export function toPartyView(p: Party, withPrivateFields: boolean): PartyView {
  const view: PartyView = {
    id: p.id,
    name: p.name,
    uscc: p.uscc,
    kind: p.kind,
    regionCode: p.regionCode,
    status: p.status,
    verifiedAt: p.verifiedAt?.toISOString() ?? null,
    rejectionReason: p.rejectionReason,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
  if (!withPrivateFields) return view;
  const { contactName, contactPhone, contactEmail, address } = p;
  return { ...view, contactName, contactPhone, contactEmail, address };
}

/** Market entities (市场主体): free self-registration, verification by an admin (EB Art.9, 14). */
export class PartiesService {
  constructor(
    private readonly models: PartyModels,
    private readonly deps: {
      db: Database;
      audit: AuditLog;
      clock: Clock;
      events: EventBus;
      identity: IdentityPort;
    },
  ) {}

  async register(ctx: RequestContext, input: Registration): Promise<{ party: PartyView; user: UserView }> {
    const { db, audit, events, identity } = this.deps;
    return db.transaction(async (t) => {
      if (await this.models.Party.findOne({ where: { uscc: input.party.uscc }, transaction: t })) {
        throw conflict('USCC_TAKEN', 'A party with this unified social credit code is already registered');
      }
      const party = await this.models.Party.create(
        {
          id: randomUUID(),
          ...input.party,
          contactEmail: input.party.contactEmail ?? null,
          address: input.party.address ?? null,
          status: 'pending',
          verifiedAt: null,
          verifiedBy: null,
          rejectionReason: null,
        },
        { transaction: t },
      );
      await audit.append(t, ctx, {
        action: 'party.register',
        subject: `party:${party.id}`,
        data: { name: party.name, uscc: party.uscc, kind: party.kind, regionCode: party.regionCode },
      });
      const user = await identity.createUser(t, ctx, {
        ...input.account,
        role: staffRoleFor(party.kind),
        partyId: party.id,
      });
      await events.publishAfterCommit(t, ctx, 'party.registered', {
        partyId: party.id,
        kind: party.kind,
        name: party.name,
      });
      return { party: toPartyView(party, true), user: toUserView(user) };
    });
  }

  async list(
    actor: Actor | null,
    query: { status?: PartyStatus; kind?: PartyKind; q?: string; cursor?: string; limit: number },
  ): Promise<Page<PartyView>> {
    const overseer = isOverseer(actor);
    const where: WhereOptions<Party> = {
      ...(overseer ? query.status && { status: query.status } : { status: 'verified' }),
      ...(query.kind && { kind: query.kind }),
    };
    // INSTR rather than LIKE: the search text is matched literally (no % or _ wildcards) on every engine.
    const filter = query.q
      ? { [Op.and]: [where, sqlWhere(fn('INSTR', col('name'), query.q), Op.gt, 0)] }
      : where;
    const page = await paginate(this.models.Party, filter, query);
    return {
      items: page.items.map((p) => toPartyView(p, seesPrivateFields(actor, p))),
      nextCursor: page.nextCursor,
    };
  }

  async get(actor: Actor | null, id: string): Promise<PartyView> {
    const party = await this.models.Party.findByPk(id);
    // An unverified entity is not public: to others it does not exist.
    if (!party || (party.status !== 'verified' && !seesPrivateFields(actor, party))) throw notFound('Party');
    return toPartyView(party, seesPrivateFields(actor, party));
  }

  /** For other modules: the party's record, or null; inside their transaction when they pass it. */
  /** A user's own party with its private fields (the login answer), or null. */
  async ownView(id: string): Promise<PartyView | null> {
    const party = await this.find(id);
    return party && toPartyView(party, true);
  }

  /** For lists elsewhere (the admin's users): party id → name, for the ids that exist. */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.models.Party.findAll({
      where: { id: [...new Set(ids)] },
      attributes: ['id', 'name'],
    });
    return new Map(rows.map((p) => [p.id, p.name]));
  }

  async find(id: string, transaction?: Transaction): Promise<Party | null> {
    return this.models.Party.findByPk(id, { transaction });
  }

  /** Several parties in one read (an opening record's bidders), by id; ids that do not exist are absent. */
  async findMany(ids: string[], transaction?: Transaction): Promise<Map<string, Party>> {
    if (ids.length === 0) return new Map();
    const rows = await this.models.Party.findAll({ where: { id: [...new Set(ids)] }, transaction });
    return new Map(rows.map((p) => [p.id, p]));
  }

  /** For other modules (the credit query by USCC): the party with this code, or null. */
  async findByUscc(uscc: string): Promise<Party | null> {
    return this.models.Party.findOne({ where: { uscc } });
  }

  async update(ctx: RequestContext, id: string, changes: PartyChanges): Promise<PartyView> {
    return this.deps.db.transaction(async (t) => {
      const party = await this.models.Party.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
      if (!party) throw notFound('Party');
      assertMayEdit(ctx.actor, party);
      // A verified entity that changes its name must be verified again.
      const renamed =
        changes.name !== undefined && changes.name !== party.name && party.status === 'verified';
      const fields = [...Object.keys(changes), 'status'] as (keyof Party)[];
      const snapshot = () => Object.fromEntries(fields.map((f) => [f, party.get(f)]));
      const before = snapshot();
      await party.update(
        { ...changes, ...(renamed && { status: 'pending', verifiedAt: null, verifiedBy: null }) },
        {
          transaction: t,
        },
      );
      const revised = revision(before, snapshot());
      await this.deps.audit.append(t, ctx, {
        action: 'party.update',
        subject: `party:${id}`,
        data: { changes: revised, reverification: renamed },
      });
      await this.deps.events.emit(t, ctx, 'party.updated', {
        partyId: id,
        changes: revised,
        reverification: renamed,
      });
      return toPartyView(party, true);
    });
  }

  async decide(
    ctx: RequestContext,
    id: string,
    decision: 'approve' | 'reject',
    reason?: string,
  ): Promise<PartyView> {
    const { db, audit, clock, events } = this.deps;
    return db.transaction(async (t) => {
      const party = await this.models.Party.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
      if (!party) throw notFound('Party');
      if (party.status !== 'pending') {
        throw conflict('PARTY_ALREADY_DECIDED', `The party is already ${party.status}`);
      }
      const approved = decision === 'approve';
      await party.update(
        {
          status: approved ? 'verified' : 'rejected',
          verifiedAt: approved ? clock.now() : null,
          verifiedBy: ctx.actor!.userId,
          rejectionReason: approved ? null : (reason ?? null),
        },
        { transaction: t },
      );
      await audit.append(t, ctx, {
        action: approved ? 'party.verify' : 'party.reject',
        subject: `party:${id}`,
        data: { reason: reason ?? null },
      });
      await events.publishAfterCommit(t, ctx, 'party.verified', { partyId: id, decision });
      return toPartyView(party, true);
    });
  }

  async addStaff(
    ctx: RequestContext,
    id: string,
    account: { username: string; password: string; displayName: string },
  ): Promise<UserView> {
    return this.deps.db.transaction(async (t) => {
      const party = await this.models.Party.findByPk(id, { transaction: t });
      if (!party) throw notFound('Party');
      assertMayEdit(ctx.actor, party);
      const user = await this.deps.identity.createUser(t, ctx, {
        ...account,
        role: staffRoleFor(party.kind),
        partyId: party.id,
      });
      return toUserView(user);
    });
  }
}
