import { z } from 'zod';
import { SEVERITIES } from '../screens/index.js';

export const digestDateParams = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a Beijing date, YYYY-MM-DD'),
});

const count = z.object({ indicator: z.string(), severity: z.enum(SEVERITIES), count: z.number().int() });
const tenderRef = { tenderCode: z.string(), tenderTitle: z.string() };

/** One Beijing day's figures: what the supervisors' morning starts from. Times are ISO instants. */
export const digestFigures = z.object({
  date: z.string(),
  from: z.string(),
  to: z.string(),
  alerts: z.object({
    raised: z.array(count),
    acknowledged: z.array(count),
    resolved: z.array(count),
    conclusions: z.array(z.object({ conclusion: z.string(), count: z.number().int() })),
  }),
  /** Alerts raised more than 3 days before the day's end and not resolved by then. */
  staleOpen: z.object({
    count: z.number().int(),
    items: z.array(
      z.object({
        alertId: z.string(),
        indicator: z.string(),
        severity: z.enum(SEVERITIES),
        status: z.string(),
        raisedAt: z.string(),
        ...tenderRef,
      }),
    ),
  }),
  /** The watchdogs' alerts raised that day. */
  watchdogFindings: z.object({
    count: z.number().int(),
    items: z.array(
      z.object({
        alertId: z.string(),
        indicator: z.string(),
        severity: z.enum(SEVERITIES),
        summary: z.string(),
        ...tenderRef,
      }),
    ),
  }),
  openings: z.object({
    count: z.number().int(),
    items: z.array(z.object({ tenderId: z.string(), at: z.string(), ...tenderRef })),
  }),
  evaluations: z.object({
    started: z.number().int(),
    concluded: z.number().int(),
    items: z.array(
      z.object({
        tenderId: z.string(),
        sectionName: z.string(),
        event: z.enum(['started', 'concluded']),
        at: z.string(),
        ...tenderRef,
      }),
    ),
  }),
  /** Complaint events of the day by type; null where the platform has no complaints yet. */
  complaints: z.array(z.object({ type: z.string(), count: z.number().int() })).nullable(),
});
export type DigestFigures = z.infer<typeof digestFigures>;

export const digestView = z.object({ date: z.string(), composedAt: z.string(), figures: digestFigures });
export type DigestView = z.infer<typeof digestView>;

export const digestSummary = z.object({
  date: z.string(),
  composedAt: z.string(),
  alertsRaised: z.number().int(),
  staleOpen: z.number().int(),
  watchdogFindings: z.number().int(),
  openings: z.number().int(),
  evaluations: z.number().int(),
});
export const digestList = z.object({ items: z.array(digestSummary) });
