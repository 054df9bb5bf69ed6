import type { Actor } from '../../platform/auth/roles.js';
import { forbidden } from '../../platform/errors.js';
import type { Tender } from './models.js';

/** The tenderee's and the appointed agency's staff run the tender (ZB Art.12: an agency acts for the tenderee). */
export function mayManage(actor: Actor | null, tender: Tender): boolean {
  if (!actor?.partyId || !['tenderee', 'agency'].includes(actor.role)) return false;
  return actor.partyId === tender.tendereePartyId || actor.partyId === tender.agencyPartyId;
}

export function assertMayManage(actor: Actor | null, tender: Tender): void {
  if (!mayManage(actor, tender)) throw forbidden('Only the tenderee or its agency may do this');
}

/**
 * A tender that was ever published is public (EB Art.9), whatever its status now; one that never was (a
 * draft, or a draft cancelled) is seen only by those who run it and by oversight.
 */
export function maySee(actor: Actor | null, tender: Tender): boolean {
  if (tender.publishedAt !== null) return true;
  return mayManage(actor, tender) || actor?.role === 'supervisor' || actor?.role === 'admin';
}
