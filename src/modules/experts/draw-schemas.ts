import { z } from 'zod';
import { DRAW_LIMITS, MAX_ENTROPY_HEX } from '../../../expert-pool/index.js';
import { uscc } from '../../platform/china/schemas.js';
import { DRAW_STATUSES, MEMBER_STATUSES } from './draw-models.js';
import { chinaDate } from './schemas.js';

const text = z.string().trim().min(1).max(DRAW_LIMITS.maxTextLength);

/** A draw request for one section (抽取申请): seats per specialty, the local/remote mix, when and where. */
export const drawRequestBody = z.object({
  sectionId: z.string().uuid(),
  /** The supervisor who witnesses the draw (监督人) and alone sees the names before the announcement. */
  supervisorUserId: z.string().uuid(),
  /** GB/T 2260 prefix counted as local: '45' a province, '4501' a city, or a whole 6-digit code. */
  localRegionPrefix: z.string().regex(/^\d{2}(\d{2}){0,2}$/, '2, 4 or 6 digits of a GB/T 2260 code'),
  slots: z
    .array(
      z
        .object({
          specialty: z
            .string()
            .trim()
            .toUpperCase()
            .regex(/^[ABC](\d{2}){1,4}$/, 'a catalog code like A0801'),
          count: z.number().int().min(1).max(DRAW_LIMITS.maxPerSlot),
          /** How many of `count` come from outside the local region (异地). */
          remote: z.number().int().min(0).default(0),
        })
        .refine((s) => s.remote <= s.count, { message: 'remote cannot exceed count', path: ['remote'] }),
    )
    .min(1)
    .max(DRAW_LIMITS.maxSlots),
  evaluationDate: chinaDate,
  place: text,
  exclusions: z
    .array(z.object({ expertId: z.string().uuid(), reason: text }))
    .max(DRAW_LIMITS.maxExclusions)
    .default([]),
  /** The bidders' USCCs when known (after the deadline), for the same-employer and conflict rules. */
  bidderUsccs: z.array(uscc).max(1000).default([]),
  /** Minutes each drawn expert has to confirm; the platform default when absent. */
  respondMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .optional(),
});
export type DrawRequestBody = z.infer<typeof drawRequestBody>;

export const witnessBody = z.object({
  /** Supervisor entropy, lowercase hex of at most 64 bytes; '' or absent for none. */
  entropy: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^([0-9a-f]{2})*$/, 'hex, whole bytes')
    .max(MAX_ENTROPY_HEX)
    .default(''),
});

export const responseBody = z
  .object({
    decision: z.enum(['confirm', 'decline']),
    reason: z.string().trim().min(2).max(300).optional(),
  })
  .refine((b) => b.decision === 'confirm' || b.reason, {
    message: 'a decline needs a reason',
    path: ['reason'],
  });

export const drawIdParams = z.object({ id: z.string().uuid() });
export const tenderIdParams = z.object({ tenderId: z.string().uuid() });

export const drawCounts = z.object({
  seats: z.number(),
  invited: z.number(),
  confirmed: z.number(),
  declined: z.number(),
  timedOut: z.number(),
  /** Seats whose redraw found nobody left. */
  vacant: z.number(),
});

export const drawMemberView = z.object({
  expertId: z.string(),
  name: z.string(),
  title: z.string(),
  slot: z.number(),
  specialty: z.string(),
  locality: z.enum(['local', 'remote']),
  step: z.number(),
  status: z.enum(MEMBER_STATUSES),
  respondBy: z.string(),
  respondedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
});

/** An expert excluded from the draw (回避), by name: who asked for it (the requester, or the credit rule). */
export const drawExclusionView = z.object({
  expertId: z.string(),
  name: z.string(),
  employerName: z.string().nullable(),
  reason: z.string(),
  source: z.enum(['requested', 'credit']),
});
export type DrawExclusionView = z.infer<typeof drawExclusionView>;

/** Someone the requester may name as an exclusion: a name to recognise, never an ID number or phone. */
export const exclusionCandidateView = z.object({
  id: z.string(),
  name: z.string(),
  employerName: z.string().nullable(),
  title: z.string(),
});
export type ExclusionCandidateView = z.infer<typeof exclusionCandidateView>;

export const exclusionCandidatesQuery = z.object({
  /**
   * Two characters at least (a given name, not a bare surname): a pick of someone known, not a listing of
   * the pool; no LIKE wildcards, which would make '%%' list everyone.
   */
  q: z
    .string()
    .trim()
    .min(2)
    .max(50)
    .regex(/^[^%_\\]+$/, 'no % _ or \\'),
  limit: z.coerce.number().int().min(1).max(20).default(10),
});

export const drawView = z.object({
  id: z.string(),
  tenderId: z.string(),
  sectionId: z.string(),
  status: z.enum(DRAW_STATUSES),
  supervisorUserId: z.string(),
  request: z.object({
    localRegionPrefix: z.string(),
    slots: z.array(z.object({ specialty: z.string(), count: z.number(), remote: z.number() })),
    evaluationDate: z.string(),
    place: z.string(),
    exclusions: z.number(),
  }),
  requestDigest: z.string(),
  /** SHA-256 of the sealed secret, fixed before the draw. */
  commitment: z.string(),
  entropy: z.string().nullable(),
  respondMinutes: z.number(),
  counts: drawCounts,
  /**
   * Names: for the draw's supervisor, and for everyone once announced (then the confirmed committee);
   * a drawn expert sees their own seat only; the tenderee and agency see counts only until the announcement.
   */
  members: z.array(drawMemberView).nullable(),
  /**
   * The exclusions by name: all of them for the draw's supervisor; the tenderee's and agency's own requested
   * ones for them (those the credit rule added stay a count, as for everyone else); null for others.
   */
  exclusions: z.array(drawExclusionView).nullable(),
  /** Revealed at the announcement. */
  secret: z.string().nullable(),
  createdAt: z.string(),
  witnessedAt: z.string().nullable(),
  drawnAt: z.string().nullable(),
  announcedAt: z.string().nullable(),
});
export type DrawView = z.infer<typeof drawView>;

export const invitationView = z.object({
  drawId: z.string(),
  tenderId: z.string(),
  tenderCode: z.string(),
  tenderTitle: z.string(),
  specialty: z.string(),
  evaluationDate: z.string(),
  place: z.string(),
  status: z.enum(MEMBER_STATUSES),
  respondBy: z.string(),
  respondedAt: z.string().nullable(),
});

export const inboxMessageView = z.object({
  id: z.string(),
  drawId: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});

export const verdictView = z.object({ ok: z.boolean(), problems: z.array(z.string()) });
