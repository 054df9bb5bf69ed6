import type { Actor } from '../../platform/auth/roles.js';
import { forbidden } from '../../platform/errors.js';
import type { Tender } from './models.js';
import { PUBLIC_STATUSES } from './state-machine.js';

/** The tenderee's and the appointed agency's staff run the tender (ZB Art.12: an agency acts for the tenderee). */
export function mayManage(actor: Actor | null, tender: Tender): boolean {
  if (!actor?.partyId || !['tenderee', 'agency'].includes(actor.role)) return false;
  return actor.partyId === tender.tendereePartyId || actor.partyId === tender.agencyPartyId;
}

export function assertMayManage(actor: Actor | null, tender: Tender): void {
  if (!mayManage(actor, tender)) throw forbidden('Only the tenderee or its agency may do this');
}

/** Drafts are seen by those who run the tender and by oversight; everything else is public (EB Art.9). */
export function maySee(actor: Actor | null, tender: Tender): boolean {
  if (PUBLIC_STATUSES.includes(tender.status)) return true;
  return mayManage(actor, tender) || actor?.role === 'supervisor' || actor?.role === 'admin';
}
