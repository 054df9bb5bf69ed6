/**
 * Shapes of the API's JSON (ISO-8601 UTC strings for times): types from the server's schemas
 * (src/contracts), and the lists of values the pages offer, checked against them.
 */
import type { PartyKind, PartyStatus, Role } from '../../src/contracts/index.js';
import { allOf } from './contract-lists.js';

export type {
  FieldProblem,
  LoginResult,
  Party,
  PartyKind,
  PartyStatus,
  Role,
  User,
  UserListItem,
} from '../../src/contracts/index.js';

export const ROLES = allOf<Role>()([
  'admin',
  'tenderee',
  'agency',
  'bidder',
  'expert',
  'supervisor',
  'custodian',
]);
export const PARTY_KINDS = allOf<PartyKind>()(['tenderee', 'agency', 'bidder', 'intermediary']);
export const PARTY_STATUSES = allOf<PartyStatus>()(['pending', 'verified', 'rejected']);

/** A page of a list; `nextCursor` continues it (src/platform/http/pagination.ts). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
