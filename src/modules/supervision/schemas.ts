import { z } from 'zod';
import { ALERT_STATUSES, CONCLUSIONS } from './models.js';
import { SEVERITIES } from './screens/index.js';

export const alertIdParams = z.object({ id: z.string().uuid() });

export const alertListQuery = z.object({
  status: z.enum(ALERT_STATUSES).optional(),
  tenderId: z.string().uuid().optional(),
});
export type AlertListQuery = z.infer<typeof alertListQuery>;

export const resolutionBody = z.strictObject({
  conclusion: z.enum(CONCLUSIONS),
  note: z.string().trim().min(1).max(2000),
});
export type ResolutionBody = z.infer<typeof resolutionBody>;

const who = z.object({ userId: z.string(), name: z.string().nullable() }).nullable();

export const alertView = z.object({
  id: z.string(),
  tenderId: z.string(),
  sectionId: z.string().nullable(),
  indicator: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  evidence: z.object({
    summary: z.string(),
    /** The stream's events that show it (GET /events as a supervisor, when that read exists). */
    seqs: z.array(z.number().int()),
    details: z.record(z.string(), z.unknown()),
  }),
  raisedBySeq: z.number().int(),
  raisedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: who,
  resolvedAt: z.string().nullable(),
  resolvedBy: who,
  conclusion: z.enum(CONCLUSIONS).nullable(),
  resolutionNote: z.string().nullable(),
});
export type AlertView = z.infer<typeof alertView>;

export const alertList = z.object({ items: z.array(alertView) });
