import type { Actor } from '../../platform/auth/roles.js';
import type { Audience, HallWireEvent } from './kinds.js';
import type { HallEvent } from './models.js';

/** The reader's own step: its party's check-in or objection (a party's users share them). */
export function isMine(event: HallEvent, viewer: Actor | null): boolean {
  if (!viewer?.partyId || viewer.role !== 'bidder') return false;
  return (event.kind === 'check-in' || event.kind === 'objection') && event.actorPartyId === viewer.partyId;
}

/**
 * An event as one audience may see it, or null when it may not see it at all. Supervisors see everything
 * with its actor and address; everyone else sees the public part of public events, numbered by the public
 * sequence so that hidden events leave no gap to count.
 */
export function toWire(event: HallEvent, audience: Audience, viewer: Actor | null): HallWireEvent | null {
  const data = JSON.parse(event.data) as Record<string, unknown>;
  const base = { tenderId: event.tenderId, id: event.id, kind: event.kind, at: event.at.toISOString() };
  const mine = isMine(event, viewer) || undefined;
  if (audience === 'supervisor') {
    return {
      ...base,
      seq: event.seq,
      data,
      actor: {
        userId: event.actorUserId,
        role: event.actorRole,
        partyId: event.actorPartyId,
        name: event.actorName,
      },
      ip: event.ip,
      mine,
    };
  }
  if (event.publicSeq === null) return null;
  const { private: _hidden, ...visible } = data;
  return { ...base, seq: event.publicSeq, data: visible, mine };
}

/** The event as its own author receives it in the acknowledgement (also when only supervisors see it). */
export function toAuthorWire(event: HallEvent, audience: Audience, viewer: Actor): HallWireEvent {
  const wire = toWire(event, audience, viewer);
  if (wire) return wire;
  const { private: _hidden, ...visible } = JSON.parse(event.data) as Record<string, unknown>;
  return {
    tenderId: event.tenderId,
    id: event.id,
    kind: event.kind,
    at: event.at.toISOString(),
    seq: 0,
    data: visible,
    mine: true,
  };
}
