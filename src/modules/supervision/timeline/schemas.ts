import { z } from 'zod';

export const timelineParams = z.object({ id: z.string().uuid() });

/** The most entries one page answers with. */
export const TIMELINE_PAGE_MAX = 1000;

export const timelineQuery = z.strictObject({
  /** The last entry of the previous page (its `nextCursor`); the first page without it. */
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'a cursor given by the previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(TIMELINE_PAGE_MAX).default(200),
});
export type TimelineQuery = z.infer<typeof timelineQuery>;

/**
 * Where an entry leads on the supervisor's pages: the tender itself, its documents, the bids, the opening
 * hall, an expert draw, the evaluation room, an alert, the instructions, a complaint.
 */
export const LINK_KINDS = [
  'tender',
  'documents',
  'bids',
  'opening',
  'draw',
  'evaluation',
  'alert',
  'instruction',
  'complaint',
] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

const fact = z.union([z.string(), z.number(), z.boolean()]);

export const timelineEntry = z.object({
  /** The audit chain's entry number (`npm run audit:verify` checks it). */
  seq: z.number().int(),
  at: z.string(),
  /** What happened, as the audit chain names it (`bid.submit`, `evaluation.concluded`); pages say it in words. */
  action: z.string(),
  /** Who did it; null when the platform itself did (the opening job, the scheduler). */
  actor: z
    .object({
      name: z.string().nullable(),
      role: z.string().nullable(),
      /** The actor's party (the bidder's company), when they act for one. */
      party: z.string().nullable(),
    })
    .nullable(),
  ip: z.string().nullable(),
  link: z.object({ kind: z.enum(LINK_KINDS), id: z.string() }),
  /** A few plain facts of the step (a document's name, a version, a conclusion); never a secret. */
  facts: z.record(z.string(), fact),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const timelineView = z.object({
  tenderId: z.string(),
  items: z.array(timelineEntry),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type TimelineView = z.infer<typeof timelineView>;
