import type { PartyKind } from './models.js';

declare module '../../platform/events.js' {
  interface DomainEvents {
    'party.registered': { partyId: string; kind: PartyKind; name: string };
    'party.verified': { partyId: string; decision: 'approve' | 'reject' };
  }
}
