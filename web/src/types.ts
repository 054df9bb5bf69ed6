/** Shapes of the API's JSON (ISO-8601 UTC strings for times). */

export const ROLES = ['admin', 'tenderee', 'agency', 'bidder', 'expert', 'supervisor', 'custodian'] as const;
export type Role = (typeof ROLES)[number];

export const PARTY_KINDS = ['tenderee', 'agency', 'bidder', 'intermediary'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export const PARTY_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type PartyStatus = (typeof PARTY_STATUSES)[number];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  partyId: string | null;
}

export interface Party {
  id: string;
  name: string;
  uscc: string;
  kind: PartyKind;
  regionCode: string;
  status: PartyStatus;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  address?: string;
  verifiedAt: string | null;
  rejectionReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: User;
}

export interface FieldProblem {
  path: string;
  message: string;
  code: string;
}
