/**
 * The request's exclusions (回避) by name: the requester picks experts by name (never typing an id) and later
 * sees whom it excluded, while the exclusions the credit rule adds stay sealed in the request's digest, seen
 * by name by the draw's supervisor only (and by anyone as ids in the record once the draw is announced).
 */
import { Op, type Transaction } from 'sequelize';
import type { DrawRecord } from '../../../expert-pool/index.js';
import type { Actor } from '../../platform/auth/roles.js';
import type { ExpertDraw } from './draw-models.js';
import type { DrawExclusionView, ExclusionCandidateView } from './draw-schemas.js';
import type { ExpertModels } from './models.js';

/**
 * How the server words a credit exclusion's reason (draws.ts), and so tells it from a requested one. A
 * requester who types this prefix only hides its own entry from itself: a credit exclusion always has it.
 */
export const CREDIT_EXCLUSION_PREFIX = '信用记录：';

export const exclusionSource = (reason: string): DrawExclusionView['source'] =>
  reason.startsWith(CREDIT_EXCLUSION_PREFIX) ? 'credit' : 'requested';

const isSupervisorOf = (actor: Actor | null, draw: ExpertDraw) =>
  actor?.role === 'supervisor' && actor.userId === draw.supervisorUserId;

const isTenderSide = (actor: Actor | null, draw: ExpertDraw) =>
  !!actor?.partyId &&
  (actor.role === 'tenderee' || actor.role === 'agency') &&
  (actor.partyId === draw.tendereePartyId || actor.partyId === draw.agencyPartyId);

/**
 * The exclusions this viewer may see by name, before and after the announcement alike: all for the draw's
 * supervisor, the requested ones for the tender's own staff, none (null: the count only) for anyone else.
 */
export async function namedExclusions(
  models: ExpertModels,
  actor: Actor | null,
  draw: ExpertDraw,
  record: DrawRecord,
  transaction?: Transaction,
): Promise<DrawExclusionView[] | null> {
  const all = isSupervisorOf(actor, draw);
  if (!all && !isTenderSide(actor, draw)) return null;
  const shown = record.request.exclusions.filter((e) => all || exclusionSource(e.reason) === 'requested');
  if (shown.length === 0) return [];
  const experts = await models.Expert.findAll({
    where: { id: { [Op.in]: shown.map((e) => e.expertId) } },
    attributes: ['id', 'name', 'employerName'],
    transaction,
  });
  const byId = new Map(experts.map((e) => [e.id, e]));
  return shown.map((e) => ({
    expertId: e.expertId,
    name: byId.get(e.expertId)?.name ?? '',
    employerName: byId.get(e.expertId)?.employerName ?? null,
    reason: e.reason,
    source: exclusionSource(e.reason),
  }));
}

/** Active experts whose name contains the text, by name; a few only (the caller checked who asks). */
export async function exclusionCandidates(
  models: ExpertModels,
  q: string,
  limit: number,
): Promise<ExclusionCandidateView[]> {
  const found = await models.Expert.findAll({
    where: { status: 'active', name: { [Op.substring]: q } },
    attributes: ['id', 'name', 'employerName', 'title'],
    order: [
      ['name', 'ASC'],
      ['id', 'ASC'],
    ],
    limit,
  });
  return found.map((e) => ({ id: e.id, name: e.name, employerName: e.employerName, title: e.title }));
}
