export const ROLES = ['admin', 'tenderee', 'agency', 'bidder', 'expert', 'supervisor', 'custodian'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose users act for a market entity (party); the others are platform staff or individuals. */
export const PARTY_ROLES: readonly Role[] = ['tenderee', 'agency', 'bidder'];

/** Who is making a request, once the session token checked out. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  partyId: string | null;
  sessionId: string;
  /** When the session ends; long-lived connections (sockets) check it on every event. */
  sessionExpiresAt: Date;
}

/** What every service call gets from the edge: who, from where, under which request id (for the audit chain). */
export interface RequestContext {
  actor: Actor | null;
  ip: string;
  requestId: string;
}
