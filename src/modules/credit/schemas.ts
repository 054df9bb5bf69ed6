import { z } from 'zod';
import { RECORD_KINDS } from './kinds.js';

export const recordParams = z.object({ id: z.string().uuid() });
export const usccParams = z.object({
  uscc: z.string().regex(/^[0-9A-HJ-NP-RTUWXY]{18}$/, 'an 18-character USCC'),
});
export const queryQuery = z.object({ q: z.string().trim().min(2).max(100) });
export const requestBody = z.object({ reason: z.string().trim().min(5).max(2000) });
export const decisionBody = z.object({ grant: z.boolean(), note: z.string().trim().min(2).max(2000) });
export const exportQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  since: z.string().datetime({ offset: true }).optional(),
});

/** A tender's credit criterion, as the evaluation plan states it (tenders/evaluation-plan.ts has its copy). */
export const creditKindSchema = z.enum(RECORD_KINDS);

const subject = z.object({ kind: z.string(), id: z.string(), name: z.string(), uscc: z.string().nullable() });
export const recordView = z.object({
  id: z.string(),
  subject,
  kind: z.string(),
  kindName: z.object({ zh: z.string(), en: z.string() }),
  severity: z.string(),
  barring: z.boolean(),
  basis: z.string(),
  summary: z.string(),
  tenderId: z.string().nullable(),
  source: z.object({ event: z.string(), seq: z.number() }),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  publicityUntil: z.string(),
  visibility: z.string(),
  status: z.string(),
});
export const requestView = z.object({
  id: z.string(),
  recordId: z.string(),
  record: z.object({ kind: z.string(), kindName: z.string(), subjectName: z.string(), summary: z.string() }),
  kind: z.enum(['objection', 'repair']),
  reason: z.string(),
  filedByName: z.string(),
  filedAt: z.string(),
  status: z.enum(['pending', 'granted', 'refused']),
  decidedByName: z.string().nullable(),
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
const partyRef = z.object({ id: z.string(), name: z.string(), uscc: z.string() });
export const partyPageView = z.object({
  party: partyRef,
  score: z.number(),
  barred: z.boolean(),
  records: z.array(recordView),
  requests: z.array(requestView),
  canRequest: z.boolean(),
});
export const queryView = z.object({
  items: z.array(partyRef.extend({ score: z.number(), records: z.number(), barred: z.boolean() })),
});
const exportedRecord = z.object({
  id: z.string(),
  subject: z.object({ type: z.string(), name: z.string(), uscc: z.string().nullable() }),
  kind: z.string(),
  kindName: z.string(),
  severity: z.string(),
  blacklisted: z.boolean(),
  basis: z.string(),
  summary: z.string(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  status: z.string(),
  source: z.object({ event: z.string(), seq: z.number() }),
  recordedAt: z.string(),
});
export const exportView = z.object({
  format: z.literal('yangguang-credit/1'),
  generatedAt: z.string(),
  records: z.array(exportedRecord),
  nextCursor: z.string().nullable(),
});
export const feedView = z.object({
  version: z.string(),
  title: z.string(),
  home_page_url: z.string(),
  feed_url: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      content_text: z.string(),
      date_published: z.string(),
      _credit: exportedRecord,
    }),
  ),
});
