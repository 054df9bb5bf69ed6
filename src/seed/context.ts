import type { Actor, RequestContext } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { User } from '../modules/identity/models.js';

/** The seed acts as the demo users themselves, so every record and audit entry names a real actor. */
export function seedContext(user: User, clock: Clock): RequestContext {
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    partyId: user.partyId,
    sessionId: 'demo-seed',
    sessionExpiresAt: new Date(clock.now().getTime() + 60_000),
  };
  return { actor, ip: '127.0.0.1', requestId: 'demo-seed' };
}
