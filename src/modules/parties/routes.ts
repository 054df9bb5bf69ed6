import { rateLimit, type Store } from 'express-rate-limit';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { userView } from '../identity/index.js';
import {
  addStaffBody,
  listPartiesQuery,
  partyIdParams,
  partyView,
  registerBody,
  updatePartyBody,
  verificationBody,
} from './schemas.js';
import type { PartiesService } from './service.js';

/** Registration is free and open (EB Art.9), so it is limited per address against mass sign-ups. */
const registrationLimiter = (perHour: number, store: Store | undefined) =>
  rateLimit({
    windowMs: 60 * 60 * 1000,
    limit: perHour,
    store,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: () => {
      throw new AppError(429, 'RATE_LIMITED', 'Too many registrations from this address; try again later');
    },
  });

export function partyRoutes(
  parties: PartiesService,
  registrationsPerHour: number,
  /** The cluster's shared counters (several nodes), else this node's memory. */
  registrationStore?: Store,
): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/parties',
      summary: 'Register a market entity (市场主体) with its first account; it awaits verification',
      tags: ['parties'],
      access: 'public',
      middleware: [registrationLimiter(registrationsPerHour, registrationStore)],
      body: registerBody,
      status: 201,
      response: z.object({ party: partyView, user: userView }),
      errors: { 409: 'USCC_TAKEN | USERNAME_TAKEN', 429: 'RATE_LIMITED' },
      handler: async ({ body, ctx, res }) => {
        const result = await parties.register(ctx, body);
        res.location(`/api/v1/parties/${result.party.id}`);
        return result;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/parties',
      summary: 'List market entities: verified ones for everyone, all for admins and supervisors',
      tags: ['parties'],
      access: 'public',
      query: listPartiesQuery,
      response: z.object({ items: z.array(partyView), nextCursor: z.string().nullable() }),
      handler: ({ actor, query }) => parties.list(actor, query),
    }),
    defineRoute({
      method: 'get',
      path: '/parties/:id',
      summary: 'One market entity',
      tags: ['parties'],
      access: 'public',
      params: partyIdParams,
      response: partyView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => parties.get(actor, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/parties/:id',
      summary: "Change a party's record (its own staff or an admin); a new name needs verification again",
      tags: ['parties'],
      access: ['admin', 'tenderee', 'agency', 'bidder'],
      params: partyIdParams,
      body: updatePartyBody,
      response: partyView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ ctx, params, body }) => parties.update(ctx, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/parties/:id/verification',
      summary: 'Approve or reject a registered party (admin)',
      tags: ['parties'],
      access: ['admin'],
      params: partyIdParams,
      body: verificationBody,
      response: partyView,
      errors: { 404: 'NOT_FOUND', 409: 'PARTY_ALREADY_DECIDED' },
      handler: ({ ctx, params, body }) => parties.decide(ctx, params.id, body.decision, body.reason),
    }),
    defineRoute({
      method: 'post',
      path: '/parties/:id/users',
      summary: "Add a staff account to a party (the party's own staff or an admin)",
      tags: ['parties'],
      access: ['admin', 'tenderee', 'agency', 'bidder'],
      params: partyIdParams,
      body: addStaffBody,
      status: 201,
      response: userView,
      errors: { 404: 'NOT_FOUND', 409: 'USERNAME_TAKEN' },
      handler: async ({ ctx, params, body, res }) => {
        const user = await parties.addStaff(ctx, params.id, body);
        res.location(`/api/v1/users/${user.id}`);
        return user;
      },
    }),
  ];
}
