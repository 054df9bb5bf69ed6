import { z } from 'zod';
import { ROLES } from '../../platform/auth/roles.js';

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_.-]{3,32}$/, '3-32 characters: letters, digits, _ . -');
export const password = z.string().min(10, 'at least 10 characters').max(200);
export const displayName = z.string().trim().min(1).max(100);

export const loginBody = z.object({ username, password: z.string().min(1).max(200) });

export const USER_STATUSES = ['active', 'disabled'] as const;

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  partyId: z.string().nullable(),
  status: z.enum(USER_STATUSES),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof userView>;

export const loginResult = z.object({ token: z.string(), expiresAt: z.string(), user: userView });

/** Roles of platform staff and individuals, whom the admin creates; party staff join through their party. */
export const STAFF_ROLES = ['admin', 'expert', 'supervisor', 'custodian'] as const;

export const createUserBody = z.object({ username, password, displayName, role: z.enum(STAFF_ROLES) });

export const listUsersQuery = z.object({
  role: z.enum(ROLES).optional(),
  status: z.enum(USER_STATUSES).optional(),
  /** Part of the username or the display name, matched literally. */
  q: z.string().trim().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

/** The admin's list: each account with the name of the party it acts for (none for platform staff). */
export const userListItem = userView.extend({ partyName: z.string().nullable() });

export const userIdParams = z.object({ id: z.string().uuid() });

export const userStatusBody = z.object({ status: z.enum(USER_STATUSES) });
