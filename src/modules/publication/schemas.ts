import { z } from 'zod';
import { CATEGORIES, type TenderStatus } from '../tenders/index.js';
import { PUBLIC_STATUSES } from '../tenders/index.js';
import { NOTICE_KINDS } from './kinds.js';

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const feedQuery = z
  .object({
    /** A GB/T 2260 prefix: 2 digits for a province (45), 4 for a city (4501), 6 for one exact code (450102). */
    region: z
      .string()
      .regex(/^\d{2}(\d{2}(\d{2})?)?$/, 'a GB/T 2260 region code or its 2- or 4-digit prefix')
      .optional(),
    category: z.enum(CATEGORIES).optional(),
    /** The tender's current status; drafts are never in the feed. */
    status: z.enum(PUBLIC_STATUSES as [TenderStatus, ...TenderStatus[]]).optional(),
    kind: z.enum(NOTICE_KINDS).optional(),
    /** dateModified at or after this instant. */
    from: instant.optional(),
    /** dateModified at or before this instant. */
    to: instant.optional(),
    /** Words in the title, matched literally (% and _ are ordinary characters). */
    q: z.string().trim().min(1).max(100).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(50),
  })
  .refine((f) => !(f.from && f.to) || f.from <= f.to, {
    message: 'from must not be after to',
    path: ['from'],
  });
export type FeedQuery = z.output<typeof feedQuery>;

export const noticeIdParams = z.object({ id: z.string().uuid() });

const noticeFields = {
  id: z.string(),
  tenderId: z.string(),
  kind: z.enum(NOTICE_KINDS),
  title: z.string(),
  regionCode: z.string(),
  category: z.enum(CATEGORIES),
  /** The tender's status now (a tender with notices is never a draft again). */
  tenderStatus: z.enum(PUBLIC_STATUSES),
  publishedAt: z.string(),
  dateModified: z.string(),
};

/** A feed entry: everything but the body, which `GET /notices/:id` gives. */
export const noticeSummary = z.object(noticeFields);
export type NoticeSummary = z.infer<typeof noticeSummary>;

export const noticeView = z.object({ ...noticeFields, body: z.string() });
export type NoticeView = z.infer<typeof noticeView>;

export const noticeFeed = z.object({ items: z.array(noticeSummary), nextCursor: z.string().nullable() });
