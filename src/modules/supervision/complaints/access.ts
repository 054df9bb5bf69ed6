import type { Actor } from '../../../platform/auth/roles.js';
import type { Complaint } from './models.js';

/** The complainant: a user of the party that filed it. */
export const isComplainant = (actor: Actor | null, c: Complaint) =>
  actor?.role === 'bidder' && actor.partyId === c.complainantPartyId;

/** The complained-against: the tender's tenderee or agency, who must answer it. */
export const isRespondent = (actor: Actor | null, c: Complaint) =>
  (actor?.role === 'tenderee' || actor?.role === 'agency') &&
  actor.partyId !== null &&
  (actor.partyId === c.tendereePartyId || actor.partyId === c.agencyPartyId);

/**
 * Who reads a complaint before its decision is published: the complainant, the tender's tenderee and agency,
 * and supervisors. Everyone else is told it does not exist (404), so filing itself stays confidential.
 */
export const maySeeComplaint = (actor: Actor | null, c: Complaint) =>
  actor?.role === 'supervisor' || isComplainant(actor, c) || isRespondent(actor, c);
