import type { z } from 'zod';
import type { loginResult, userListItem, userView } from '../modules/identity/schemas.js';
import type { partyView } from '../modules/parties/schemas.js';

export type { FieldProblem } from '../platform/errors.js';

export type User = z.output<typeof userView>;
export type Role = User['role'];
export type LoginResult = z.output<typeof loginResult>;
export type UserListItem = z.output<typeof userListItem>;
export type Party = z.output<typeof partyView>;
export type PartyKind = Party['kind'];
export type PartyStatus = Party['status'];
