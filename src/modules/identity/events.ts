import type { Role } from '../../platform/auth/roles.js';

declare module '../../platform/events.js' {
  interface DomainEvents {
    'user.created': { userId: string; role: Role; partyId: string | null };
    'session.revoked': { sessionId: string; userId: string };
  }
}
