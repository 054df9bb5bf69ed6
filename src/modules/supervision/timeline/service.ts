import type { AuditLog } from '../../../platform/audit/audit-log.js';
import type { AuditEntry } from '../../../platform/audit/models.js';
import type { Database } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/errors.js';
import { linkOf, subjectsOf } from './children.js';
import type { TimelineEntry, TimelineQuery, TimelineView } from './schemas.js';

/** What the timeline reads of other modules: whether the tender exists, and names for the actors. */
export interface TimelineDeps {
  db: Database;
  audit: AuditLog;
  tenders: { find(id: string): Promise<{ id: string } | null> };
  identity: { findUser(id: string): Promise<{ displayName: string; partyId: string | null } | null> };
  parties: { namesOf(ids: string[]): Promise<Map<string, string>> };
}

/**
 * The facts of an audit entry a supervisor reads in the timeline: names, numbers and outcomes. Hashes,
 * certificate serials and whatever else an entry records stay in the chain.
 */
const SHOWN_FACTS = [
  'name',
  'version',
  'number',
  'kind',
  'conclusion',
  'indicator',
  'outcome',
  'valid',
  'reason',
  'instruction',
] as const;
const FACT_MAX = 200;

/**
 * One tender's full history for oversight (监督, issue 12): every audited step on the tender and on its
 * children (bids, draws, evaluation, alerts, instructions, complaints), oldest first, with who did it, for
 * which party and from which address, a page at a time.
 */
export class TenderTimeline {
  constructor(private readonly deps: TimelineDeps) {}

  async page(tenderId: string, query: TimelineQuery): Promise<TimelineView> {
    if (!(await this.deps.tenders.find(tenderId))) throw notFound('Tender');
    const subjects = await subjectsOf(this.deps.db, tenderId);
    const after = query.cursor ? Number(query.cursor) : 0;
    // One more than asked: whether there is a next page, without counting.
    const rows = await this.deps.audit.about(subjects, after, query.limit + 1);
    const entries = rows.slice(0, query.limit);
    const actors = await this.actorsOf(entries);
    return {
      tenderId,
      items: entries.map((e) => toEntry(e, tenderId, actors)),
      nextCursor: rows.length > query.limit ? String(entries.at(-1)!.seq) : null,
    };
  }

  /** Each distinct actor's name and party name, looked up once per page. */
  private async actorsOf(entries: AuditEntry[]): Promise<Map<string, Actor>> {
    const ids = [...new Set(entries.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])))];
    const users = await Promise.all(ids.map((id) => this.deps.identity.findUser(id)));
    const partyIds = users.flatMap((u) => (u?.partyId ? [u.partyId] : []));
    const parties = await this.deps.parties.namesOf(partyIds);
    return new Map(
      ids.map((id, i) => {
        const user = users[i];
        const party = user?.partyId ? (parties.get(user.partyId) ?? null) : null;
        return [id, { name: user?.displayName ?? null, party }];
      }),
    );
  }
}

interface Actor {
  name: string | null;
  party: string | null;
}

function toEntry(e: AuditEntry, tenderId: string, actors: Map<string, Actor>): TimelineEntry {
  const actor = e.actorUserId ? actors.get(e.actorUserId) : undefined;
  return {
    seq: Number(e.seq), // BIGINT: a string on MySQL
    at: e.at.toISOString(),
    action: e.action,
    actor: e.actorUserId
      ? { name: actor?.name ?? null, role: e.actorRole, party: actor?.party ?? null }
      : null,
    ip: e.ip,
    link: linkOf(e.subject, e.action, tenderId),
    facts: factsOf(e.data),
  };
}

function factsOf(data: string): TimelineEntry['facts'] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const facts: TimelineEntry['facts'] = {};
  for (const key of SHOWN_FACTS) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === 'string') facts[key] = value.slice(0, FACT_MAX);
    else if (typeof value === 'number' || typeof value === 'boolean') facts[key] = value;
  }
  return facts;
}
