import type { Actor, Role } from '../../platform/auth/roles.js';
import { forbidden } from '../../platform/errors.js';
import type { Party, PartyKind } from './models.js';

/** Roles that oversee every market entity. */
const OVERSEERS: readonly Role[] = ['admin', 'supervisor'];

export const isOverseer = (actor: Actor | null) => !!actor && OVERSEERS.includes(actor.role);
export const isMember = (actor: Actor | null, party: Party) => !!actor && actor.partyId === party.id;

/** Contacts and pending or rejected entities are visible to the entity itself and to overseers only. */
export const seesPrivateFields = (actor: Actor | null, party: Party) =>
  isOverseer(actor) || isMember(actor, party);

/** A party's own staff change its record; an admin may too. A supervisor watches but does not edit. */
export function assertMayEdit(actor: Actor | null, party: Party): void {
  if (!(actor?.role === 'admin' || isMember(actor, party)))
    throw forbidden('Only the party itself or an admin may do this');
}

/**
 * The role a party's staff get. Intermediary service firms (中介服务机构) take part in procurements of
 * intermediary services as suppliers, so their staff act as bidders.
 */
export function staffRoleFor(kind: PartyKind): Role {
  return kind === 'intermediary' ? 'bidder' : kind;
}
