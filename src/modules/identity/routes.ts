import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { AppError } from '../../platform/errors.js';
import {
  createUserBody,
  listUsersQuery,
  loginBody,
  loginResult,
  userIdParams,
  userListItem,
  userStatusBody,
  userView,
} from './schemas.js';
import { toUserView, type IdentityService } from './service.js';

export interface LoginLimits {
  maxAttempts: number;
  windowMs: number;
  /** Counters shared by every node (the cluster's Redis); undefined keeps them in this node's memory. */
  store?: (name: string) => Store | undefined;
}

/**
 * Failed logins are limited per IP and username, and (five times looser) per IP alone, so neither one
 * account nor many can be guessed at speed. Successful logins do not count.
 */
function loginLimiters({ maxAttempts, windowMs, store }: LoginLimits) {
  const tooMany = () => {
    throw new AppError(429, 'RATE_LIMITED', 'Too many failed logins; try again later');
  };
  const common = {
    windowMs,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
  } as const;
  return [
    rateLimit({ ...common, limit: maxAttempts * 5, handler: tooMany, store: store?.('login-ip') }),
    rateLimit({
      ...common,
      limit: maxAttempts,
      store: store?.('login-ip-user'),
      // The body is not validated yet: only a string is a username (String() of {"toString":null} throws).
      keyGenerator: (req) => {
        const username: unknown = req.body?.username;
        return `${ipKeyGenerator(req.ip ?? '')}|${typeof username === 'string' ? username.toLowerCase() : ''}`;
      },
      handler: tooMany,
    }),
  ];
}

/** The user's party, looked up through the parties module (identity does not know parties). */
export type PartyLookup = (partyId: string) => Promise<object | null>;
/** Party names for a page of users, through the parties module too. */
export type PartyNames = (partyIds: string[]) => Promise<Map<string, string>>;

export function identityRoutes(
  identity: IdentityService,
  limits: LoginLimits,
  partyOf: PartyLookup,
  partyNames: PartyNames,
): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Log in with username and password; returns a session token',
      tags: ['auth'],
      access: 'public',
      middleware: loginLimiters(limits),
      body: loginBody,
      response: loginResult,
      errors: { 401: 'INVALID_CREDENTIALS', 429: 'RATE_LIMITED' },
      handler: ({ body, ctx }) => identity.login(ctx, body.username, body.password),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'End the current session',
      tags: ['auth'],
      access: 'authenticated',
      status: 204,
      handler: ({ ctx }) => identity.logout(ctx),
    }),
    defineRoute({
      method: 'get',
      path: '/auth/me',
      summary: 'The logged-in user and the party they act for',
      tags: ['auth'],
      access: 'authenticated',
      response: z.object({ user: userView, party: z.object({}).passthrough().nullable() }),
      handler: async ({ actor }) => {
        const user = await identity.findUser(actor!.userId);
        return { user: toUserView(user!), party: user!.partyId ? await partyOf(user!.partyId) : null };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/users',
      summary: 'Create a platform staff account (admin, expert, supervisor, custodian)',
      tags: ['users'],
      access: ['admin'],
      body: createUserBody,
      status: 201,
      response: userView,
      errors: { 409: 'USERNAME_TAKEN' },
      handler: async ({ body, ctx, res }) => {
        const user = await identity.createStaffUser(ctx, { ...body, partyId: null });
        res.location(`/api/v1/users/${user.id}`);
        return user;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/users',
      summary: 'List user accounts (admin): by role, status, or part of the username or display name',
      tags: ['users'],
      access: ['admin'],
      query: listUsersQuery,
      response: z.object({ items: z.array(userListItem), nextCursor: z.string().nullable() }),
      handler: async ({ query }) => {
        const page = await identity.listUsers(query);
        const names = await partyNames(page.items.flatMap((u) => (u.partyId ? [u.partyId] : [])));
        return {
          items: page.items.map((u) => ({
            ...u,
            partyName: u.partyId ? (names.get(u.partyId) ?? null) : null,
          })),
          nextCursor: page.nextCursor,
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/users/:id/status',
      summary: 'Enable or disable an account (admin); disabling ends its sessions',
      tags: ['users'],
      access: ['admin'],
      params: userIdParams,
      body: userStatusBody,
      response: userView,
      errors: { 404: 'NOT_FOUND', 409: 'CANNOT_DISABLE_SELF' },
      handler: ({ ctx, params, body }) => identity.setStatus(ctx, params.id, body.status),
    }),
  ];
}
