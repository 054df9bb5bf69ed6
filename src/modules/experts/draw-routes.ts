import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import type { DrawAnswers } from './draw-answers.js';
import {
  drawIdParams,
  drawRequestBody,
  drawView,
  exclusionCandidatesQuery,
  exclusionCandidateView,
  inboxMessageView,
  invitationView,
  responseBody,
  tenderIdParams,
  verdictView,
  witnessBody,
} from './draw-schemas.js';
import type { DrawsService } from './draws.js';
import type { ExpertInbox } from './inbox.js';
import type { ExpertRatings } from './ratings.js';
import { expertIdParams, ratingBody, ratingView } from './schemas.js';

export interface DrawServices {
  draws: DrawsService;
  answers: DrawAnswers;
  inbox: ExpertInbox;
  ratings: ExpertRatings;
}

/** A draw record is free-form JSON here: its shape is the pure core's DrawRecord (expert-pool/types.ts). */
const drawRecord = z.record(z.string(), z.unknown());
const idParams = z.object({ id: z.string().uuid() });

/** The draw's routes, in the order of its steps, then the expert's inbox and the ratings after the job. */
export function drawRoutes(s: DrawServices): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/tenders/:tenderId/expert-draws',
      summary:
        'Request a draw of experts for a section (the agency, or the tenderee without one): the server commits ' +
        'to a sealed random secret and shows its SHA-256 to the named supervisor',
      tags: ['expert-draws'],
      access: ['agency', 'tenderee'],
      params: tenderIdParams,
      body: drawRequestBody,
      status: 201,
      response: drawView,
      errors: {
        403: 'FORBIDDEN',
        404: 'NOT_FOUND',
        409: 'TENDER_NOT_OPEN',
        422: 'VALIDATION_FAILED | UNKNOWN_SECTION | NOT_A_SUPERVISOR | DRAW_REQUEST_INVALID',
      },
      handler: async ({ ctx, params, body, res }) => {
        const draw = await s.draws.request(ctx, params.tenderId, body);
        res.location(`/api/v1/expert-draws/${draw.id}`);
        return draw;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/tenders/:tenderId/expert-draws/exclusion-candidates',
      summary:
        'Find active experts by name (at least 2 characters, at most 20 answers) to name as exclusions (回避) ' +
        'of a draw request: name, employer and title only; for the one who requests the tender’s draws',
      tags: ['expert-draws'],
      access: ['agency', 'tenderee'],
      params: tenderIdParams,
      query: exclusionCandidatesQuery,
      response: z.object({ items: z.array(exclusionCandidateView) }),
      errors: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 422: 'VALIDATION_FAILED' },
      handler: async ({ actor, params, query }) => ({
        items: await s.draws.exclusionCandidates(actor!, params.tenderId, query.q, query.limit),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/tenders/:tenderId/expert-draws',
      summary: 'The draws of a tender the caller may see (names only as drawView.members says)',
      tags: ['expert-draws'],
      access: ['agency', 'tenderee', 'supervisor', 'admin'],
      params: tenderIdParams,
      response: z.object({ items: z.array(drawView) }),
      handler: async ({ actor, params }) => ({ items: await s.draws.listForTender(actor!, params.tenderId) }),
    }),
    defineRoute({
      method: 'get',
      path: '/expert-draws',
      summary: 'The draws the calling supervisor witnesses, newest first',
      tags: ['expert-draws'],
      access: ['supervisor'],
      response: z.object({ items: z.array(drawView) }),
      handler: async ({ actor }) => ({ items: await s.draws.listForSupervisor(actor!) }),
    }),
    defineRoute({
      method: 'get',
      path: '/expert-draws/:id',
      summary:
        'One draw. Until announced: names for its supervisor only, a drawn expert sees their own seat, the ' +
        'tenderee, agency and admins see counts; others 404. Announced: public, with the secret',
      tags: ['expert-draws'],
      access: 'public',
      params: drawIdParams,
      response: drawView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => s.draws.view(actor, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/expert-draws/:id/witness',
      summary: 'The draw’s supervisor witnesses the committed request, optionally adding entropy (hex)',
      tags: ['expert-draws'],
      access: ['supervisor'],
      params: drawIdParams,
      body: witnessBody,
      response: drawView,
      errors: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'DRAW_NOT_COMMITTED' },
      handler: ({ ctx, params, body }) => s.draws.witness(ctx, params.id, body.entropy),
    }),
    defineRoute({
      method: 'post',
      path: '/expert-draws/:id/run',
      summary:
        'Run the witnessed draw over the experts eligible now (every avoidance rule); the drawn are notified. ' +
        'Too few eligible: 409 DRAW_SHORTFALL with details.shortfalls [{specialty, locality, needed, available}]',
      tags: ['expert-draws'],
      access: ['agency', 'tenderee', 'supervisor'],
      params: drawIdParams,
      response: drawView,
      errors: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'DRAW_NOT_WITNESSED | DRAW_SHORTFALL' },
      handler: ({ ctx, params }) => s.draws.run(ctx, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/expert-draws/:id/response',
      summary:
        'A drawn expert confirms or declines (with a reason) before the time limit; a decline redraws the seat',
      tags: ['expert-draws'],
      access: ['expert'],
      params: drawIdParams,
      body: responseBody,
      response: drawView,
      errors: { 404: 'NOT_FOUND', 409: 'ALREADY_ANSWERED | RESPONSE_TOO_LATE | DRAW_NOT_DRAWN' },
      handler: ({ ctx, params, body }) => s.answers.respond(ctx, params.id, body.decision, body.reason),
    }),
    defineRoute({
      method: 'post',
      path: '/expert-draws/:id/announcement',
      summary:
        'Announce the committee once every seat is confirmed: names become public and the secret is revealed',
      tags: ['expert-draws'],
      access: ['agency', 'tenderee'],
      params: drawIdParams,
      response: drawView,
      errors: { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'DRAW_NOT_DRAWN | COMMITTEE_INCOMPLETE' },
      handler: ({ ctx, params }) => s.draws.announce(ctx, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/expert-draws/:id/record',
      summary:
        'The DrawRecord (request, digest, commitment, entropy, every step with its eligible snapshot): anyone ' +
        'once announced (with the secret, to re-run with verify-draw); before that its supervisor, secret null',
      tags: ['expert-draws'],
      access: 'public',
      params: drawIdParams,
      response: drawRecord,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ actor, params }) => s.draws.record(actor, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/expert-draws/:id/verification',
      summary: 'Re-run an announced draw from its record on the server (verifyDraw); {ok, problems}',
      tags: ['expert-draws'],
      access: 'public',
      params: drawIdParams,
      response: verdictView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ params }) => s.draws.verify(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/expert-draws/:id/ratings',
      summary:
        'Rate a committee member after the job (1-5, comment): the tenderee once, the draw’s supervisor once',
      tags: ['expert-draws'],
      access: ['tenderee', 'supervisor'],
      params: drawIdParams,
      body: ratingBody,
      status: 201,
      response: ratingView,
      errors: { 404: 'NOT_FOUND', 409: 'DRAW_NOT_ANNOUNCED | ALREADY_RATED', 422: 'NOT_A_MEMBER' },
      handler: ({ ctx, params, body }) => s.ratings.rate(ctx, params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/experts/:id/ratings',
      summary: 'An expert’s ratings, newest first, with the current credit score',
      tags: ['experts'],
      access: ['admin', 'supervisor'],
      params: expertIdParams,
      response: z.object({ items: z.array(ratingView) }),
      errors: { 404: 'NOT_FOUND' },
      handler: async ({ params }) => ({ items: await s.ratings.list(params.id) }),
    }),
    defineRoute({
      method: 'get',
      path: '/experts/me/invitations',
      summary: 'The draws the calling expert was drawn for, with the time limit to answer',
      tags: ['experts'],
      access: ['expert'],
      response: z.object({ items: z.array(invitationView) }),
      handler: async ({ actor }) => ({ items: await s.inbox.invitations(actor!) }),
    }),
    defineRoute({
      method: 'get',
      path: '/experts/me/inbox',
      summary: 'The calling expert’s in-app messages, newest first',
      tags: ['experts'],
      access: ['expert'],
      query: z.object({
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: z.object({ items: z.array(inboxMessageView), nextCursor: z.string().nullable() }),
      handler: ({ actor, query }) => s.inbox.messages(actor!, query),
    }),
    defineRoute({
      method: 'post',
      path: '/experts/me/inbox/:id/read',
      summary: 'Mark one of one’s messages read',
      tags: ['experts'],
      access: ['expert'],
      params: idParams,
      response: inboxMessageView,
      errors: { 404: 'NOT_FOUND' },
      handler: ({ ctx, params }) => s.inbox.markRead(ctx, params.id),
    }),
  ];
}
