import type { DrawRecord } from '../../../expert-pool/index.js';
import type { Actor } from '../../platform/auth/roles.js';
import type { DrawMember, ExpertDraw } from './draw-models.js';
import type { DrawView } from './draw-schemas.js';
import type { Expert } from './models.js';

/** Who is looking at a draw, which decides how much of it they see. */
export type DrawViewer = 'public' | 'supervisor' | 'tender-side' | 'member' | 'none';

/** The staff who run the tender: its agency, or the tenderee when it has none (ZB Art.12). */
export function isRequester(
  actor: Actor | null,
  draw: Pick<ExpertDraw, 'tendereePartyId' | 'agencyPartyId'>,
) {
  if (!actor?.partyId) return false;
  if (draw.agencyPartyId) return actor.role === 'agency' && actor.partyId === draw.agencyPartyId;
  return actor.role === 'tenderee' && actor.partyId === draw.tendereePartyId;
}

const isTenderSide = (actor: Actor | null, draw: ExpertDraw) =>
  !!actor?.partyId &&
  ['tenderee', 'agency'].includes(actor.role) &&
  (actor.partyId === draw.tendereePartyId || actor.partyId === draw.agencyPartyId);

/**
 * The committee stays sealed until the announcement (ZB Art.37): only the draw's supervisor sees names, a drawn
 * expert sees their own seat, the tenderee and agency (and admins, who run the platform, not the draw) counts.
 */
export function viewerOf(actor: Actor | null, draw: ExpertDraw, ownExpertId: string | null): DrawViewer {
  if (draw.status === 'announced') return 'public';
  if (actor?.role === 'supervisor' && actor.userId === draw.supervisorUserId) return 'supervisor';
  if (isTenderSide(actor, draw) || actor?.role === 'admin') return 'tender-side';
  if (ownExpertId) return 'member';
  return 'none';
}

export function countMembers(members: DrawMember[], record: DrawRecord) {
  const seats = record.request.slots.reduce((n, s) => n + s.count, 0);
  const count = (status: DrawMember['status']) => members.filter((m) => m.status === status).length;
  const seated = count('invited') + count('confirmed');
  return {
    seats,
    invited: count('invited'),
    confirmed: count('confirmed'),
    declined: count('declined'),
    timedOut: count('timed-out'),
    vacant: members.length === 0 ? 0 : seats - seated,
  };
}

export function toDrawView(
  draw: ExpertDraw,
  record: DrawRecord,
  members: DrawMember[],
  experts: Map<string, Expert>,
  viewer: DrawViewer,
  ownExpertId: string | null,
): Omit<DrawView, 'exclusions'> {
  const iso = (d: Date | null) => d && d.toISOString();
  const shown =
    viewer === 'supervisor'
      ? members
      : viewer === 'public'
        ? members.filter((m) => m.status === 'confirmed')
        : viewer === 'member'
          ? members.filter((m) => m.expertId === ownExpertId)
          : null;
  const { request } = record;
  return {
    id: draw.id,
    tenderId: draw.tenderId,
    sectionId: draw.sectionId,
    status: draw.status,
    supervisorUserId: draw.supervisorUserId,
    request: {
      localRegionPrefix: request.localRegionPrefix,
      slots: request.slots.map(({ specialty, count, remote }) => ({ specialty, count, remote })),
      evaluationDate: request.evaluationDate,
      place: request.place,
      exclusions: request.exclusions.length,
    },
    requestDigest: draw.requestDigest,
    commitment: draw.commitment,
    entropy: draw.entropy,
    respondMinutes: draw.respondMinutes,
    counts: countMembers(members, record),
    members:
      shown?.map((m) => ({
        expertId: m.expertId,
        name: experts.get(m.expertId)?.name ?? '',
        title: experts.get(m.expertId)?.title ?? '',
        slot: m.slot,
        specialty: request.slots[m.slot]?.specialty ?? '',
        locality: m.locality,
        step: m.step,
        status: m.status,
        respondBy: m.respondBy.toISOString(),
        respondedAt: iso(m.respondedAt),
        declineReason: viewer === 'public' ? null : m.declineReason,
      })) ?? null,
    secret: record.secret,
    createdAt: draw.createdAt.toISOString(),
    witnessedAt: iso(draw.witnessedAt),
    drawnAt: iso(draw.drawnAt),
    announcedAt: iso(draw.announcedAt),
  };
}
