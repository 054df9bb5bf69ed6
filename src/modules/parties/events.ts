import type { Revision } from '../../platform/events/revision.js';
import type { PartyKind } from './models.js';

declare module '../../platform/events.js' {
  interface DomainEvents {
    'party.registered': { partyId: string; kind: PartyKind; name: string };
    'party.verified': { partyId: string; decision: 'approve' | 'reject' };
    /** Its details edited: what changed; a verified party renamed goes back to pending verification. */
    'party.updated': { partyId: string; changes: Revision; reverification: boolean };
  }
}
