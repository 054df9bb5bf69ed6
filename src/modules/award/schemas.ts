import { z } from 'zod';
import { PASS_OVER_GROUND_KEYS } from './grounds.js';

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const sectionParams = z.object({ id: z.string().uuid(), sectionId: z.string().uuid() });
export const tenderParams = z.object({ id: z.string().uuid() });
export const letterParams = z.object({ letterId: z.string().uuid() });

export const publicityBody = z.strictObject({
  /** Absent: the publicity starts now. */
  startsAt: instant.optional(),
  endsAt: instant,
});

export const awardBody = z.strictObject({
  candidateRank: z.number().int().min(1).max(3),
  passedOver: z
    .array(
      z.strictObject({
        rank: z.number().int().min(1).max(3),
        ground: z.enum(PASS_OVER_GROUND_KEYS),
        // Checked by the service, so a missing reason answers GROUND_REASON_REQUIRED rather than a bare 422.
        reason: z.string().max(2000).optional(),
      }),
    )
    .max(2)
    .default([]),
});

export const objectionBody = z.strictObject({ content: z.string().trim().min(5).max(20_000) });

const candidate = z.object({
  rank: z.number(),
  bidId: z.string(),
  bidderName: z.string(),
  priceFen: z.number(),
  score: z.number().nullable(),
  technicalScore: z.number().nullable(),
  priceScore: z.number().nullable(),
});

export const awardSchema = z.object({
  id: z.string(),
  sectionId: z.string(),
  bidId: z.string(),
  bidderName: z.string(),
  candidateRank: z.number(),
  priceFen: z.number(),
  passedOver: z.array(
    z.object({
      rank: z.number(),
      bidId: z.string(),
      bidderName: z.string(),
      ground: z.string(),
      reason: z.string(),
    }),
  ),
  confirmedAt: z.string(),
  noticeId: z.string().nullable(),
});

export const sectionStateSchema = z.object({
  section: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  /** 'evaluating' (no completed report yet), 'ready' (report completed), 'publicity', 'ended' (publicity over), 'awarded'. */
  stage: z.enum(['evaluating', 'ready', 'publicity', 'ended', 'awarded']),
  report: z.object({ completedAt: z.string(), candidates: z.array(candidate) }).nullable(),
  /** For the tender's runners before publishing: the latest start, and the earliest end for a start now. */
  limits: z.object({ latestStartAt: z.string(), earliestEndAt: z.string() }).nullable(),
  publicity: z
    .object({
      startsAt: z.string(),
      endsAt: z.string(),
      publishedAt: z.string(),
      noticeId: z.string().nullable(),
    })
    .nullable(),
  openObjections: z.number(),
  award: awardSchema.nullable(),
});

export const letterSchema = z.object({
  id: z.string(),
  kind: z.enum(['award', 'result']),
  title: z.string(),
  sectionCode: z.string(),
  sectionName: z.string(),
  addresseeName: z.string(),
  winnerName: z.string(),
  priceFen: z.number(),
  issuedAt: z.string(),
  fingerprint: z.string(),
  /** Its award was superseded: the winner refused and the next candidate was awarded (SS Art.55). */
  superseded: z.boolean(),
});

export const signedLetterSchema = z.object({
  id: z.string(),
  payload: z.string(),
  signature: z.string(),
  certificatePem: z.string(),
});
