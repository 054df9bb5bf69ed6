import { z } from 'zod';
import { ROLES } from '../../platform/auth/roles.js';
import { HALL_EVENT_KINDS } from './kinds.js';

// Ids are uuids: a looser string lets a NUL byte through to the database (SQLite answers with an error).
const tenderId = z.string().uuid();
/** A client-made id for one step; the same id again is the same step (a retry), never a second one. */
const eventId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 characters: letters, digits, _ or -');
const text = z.string().trim().min(1).max(2000);

export const joinSchema = z.strictObject({
  tenderId,
  /** The last number the client saw; it gets the events after it with the snapshot. */
  lastSeq: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
});
export const leaveSchema = z.strictObject({ tenderId });
export const checkInSchema = z.strictObject({ tenderId, eventId });
export const objectionSchema = z.strictObject({ tenderId, eventId, text });
export const answerSchema = z.strictObject({
  tenderId,
  eventId,
  objectionId: z.string().uuid(),
  text,
});

export const hallParams = z.strictObject({ tenderId });
export const hallQuery = z.strictObject({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
});

/*
 * What the hall sends, as schemas: the OpenAPI document's response and, through src/contracts, the browser's
 * types. Supervisor-only fields are optional: other audiences never get them.
 */
const hallActor = z.object({
  userId: z.string().nullable(),
  role: z.string().nullable(),
  partyId: z.string().nullable(),
  name: z.string().nullable(),
});

export const hallEventView = z.object({
  tenderId: z.string(),
  /** The reader's cursor: every event's number for supervisors, the public number for everyone else. */
  seq: z.number().int(),
  id: z.string(),
  kind: z.enum(HALL_EVENT_KINDS),
  at: z.string(),
  data: z.record(z.string(), z.unknown()),
  /** True on the reader's own check-in or objection. */
  mine: z.boolean().optional(),
  /** Supervisors only: who did it and from where. */
  actor: hallActor.optional(),
  ip: z.string().nullable().optional(),
});

export const hallBidView = z.object({
  number: z.number().int(),
  of: z.number().int(),
  shares: z.number().int(),
  wrongShares: z.array(z.number().int()),
  bidderKey: z.boolean(),
  state: z.enum(['waiting', 'decrypting', 'settled']),
  outcome: z.enum(['opened', 'revoked', 'withdrawn']).nullable(),
  bidId: z.string().optional(),
  bidderPartyId: z.string().optional(),
  reason: z.string().nullable().optional(),
});

/**
 * The signed opening record (the opening module's, EB Art.32) as far as the hall promises it; it carries more
 * fields. The gateway's typing checks the opening's record against this.
 */
const recordView = z.looseObject({
  record: z.looseObject({
    fields: z.array(z.object({ key: z.string(), label: z.string(), type: z.string() })),
    bids: z.array(
      z.looseObject({
        bidId: z.string(),
        bidder: z.looseObject({ name: z.string() }),
        outcome: z.string(),
        values: z.record(z.string(), z.union([z.string(), z.number()])),
      }),
    ),
  }),
  signature: z.string(),
});

export const hallProgressView = z.object({
  startedAt: z.string(),
  windowEndsAt: z.string(),
  completedAt: z.string().nullable(),
  result: z.string().nullable(),
  threshold: z.number().int(),
  releasedPositions: z.array(z.number().int()),
  sections: z.array(
    z.object({
      sectionId: z.string(),
      status: z.enum(['failed', 'collecting', 'published']),
      bidCount: z.number().int(),
      bids: z.array(hallBidView),
      /** The signed opening record, once published; names and prices appear nowhere else. */
      record: recordView.nullable(),
    }),
  ),
});

export const hallSnapshotView = z.object({
  tenderId: z.string(),
  code: z.string(),
  title: z.string(),
  tenderStatus: z.string(),
  serverTime: z.string(),
  openingTime: z.string(),
  audience: z.enum(['public', 'supervisor']),
  seq: z.number().int(),
  you: z
    .object({ role: z.enum(ROLES), checkedIn: z.boolean(), mayObject: z.boolean(), mayAnswer: z.boolean() })
    .nullable(),
  /** The count is null for the public before the opening time; the list is the supervisors' only. */
  checkIns: z.object({ count: z.number().int().nullable(), list: z.array(hallEventView) }),
  objections: z.array(hallEventView.extend({ answer: hallEventView.nullable() })),
  opening: hallProgressView.nullable(),
  events: z.array(hallEventView),
  truncated: z.boolean(),
});

/** What the server pushes: a hall event, or the opening's fresh progress. */
export const hallProgressMessage = z.object({ tenderId: z.string(), opening: hallProgressView.nullable() });
