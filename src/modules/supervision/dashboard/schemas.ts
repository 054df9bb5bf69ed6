import { z } from 'zod';
import { alertView } from '../schemas.js';

/** What `/supervision` pushes when an alert is raised, taken up or resolved: the alert as the API shows it. */
export const alertPush = z.object({
  change: z.enum(['raised', 'acknowledged', 'resolved']),
  alert: alertView,
});
export type AlertPush = z.output<typeof alertPush>;

/**
 * The coalesced cue that something the dashboard shows moved: the tenders touched since the last push
 * (empty when the events named none), so a page refetches the overview at most about twice a second.
 */
export const changedPush = z.object({ tenderIds: z.array(z.string()) });
export type ChangedPush = z.output<typeof changedPush>;

const stage = z.enum(['pre-bid', 'in-bid', 'post-bid', 'ended']);
const severity = z.enum(['info', 'warning', 'critical']);
const instant = z.string(); // ISO 8601 UTC: pages show it in Beijing time

/** A tender as the dashboard names it: its id for links, and what people read. */
const tenderRef = { tenderId: z.string(), tenderTitle: z.string() };

export const overviewQuery = z.strictObject({
  /** Open alerts older than this many days count as overdue (default 3). */
  alertDays: z.coerce.number().int().min(1).max(90).optional(),
});
export type OverviewQuery = z.output<typeof overviewQuery>;

export const overviewView = z.object({
  generatedAt: instant,
  /** The Beijing date "today" is, 'YYYY-MM-DD'. */
  today: z.string(),
  stages: z.array(z.object({ stage, count: z.number().int() })),
  statuses: z.array(z.object({ status: z.string(), stage: stage.nullable(), count: z.number().int() })),
  /** The last 30 Beijing days, oldest first: tenders published, bids first submitted, openings started. */
  trend: z.array(
    z.object({
      date: z.string(),
      tenders: z.number().int(),
      bids: z.number().int(),
      openings: z.number().int(),
    }),
  ),
  openings: z.array(
    z.object({
      ...tenderRef,
      /** The bid deadline, when the opening begins. */
      at: instant,
      tenderStatus: z.string(),
      /** scheduled: not started; collecting: key shares being released; complete. */
      openingStatus: z.enum(['scheduled', 'collecting', 'complete']),
      result: z.string().nullable(),
    }),
  ),
  evaluations: z.array(
    z.object({
      ...tenderRef,
      sectionName: z.string(),
      step: z.string(),
      startedAt: instant,
      scheduledEndAt: instant,
      concludedAt: instant.nullable(),
    }),
  ),
  alerts: z.object({
    bySeverity: z.array(z.object({ severity, open: z.number().int(), acknowledged: z.number().int() })),
    byIndicator: z.array(
      z.object({ indicator: z.string(), open: z.number().int(), acknowledged: z.number().int() }),
    ),
  }),
  overdue: z.array(
    z.object({
      ...tenderRef,
      kind: z.enum(['opening-not-run', 'opening-overrun', 'evaluation-overrun', 'alert-unattended']),
      /** When it fell due: the deadline, the window's or the evaluation's planned end, the alert's raise. */
      dueAt: instant,
      sectionName: z.string().nullable(),
      indicator: z.string().nullable(),
      severity: severity.nullable(),
      alertId: z.string().nullable(),
    }),
  ),
  settings: z.object({ alertDays: z.number().int(), openingGraceMinutes: z.number().int() }),
});
export type OverviewView = z.output<typeof overviewView>;
export type OverdueItem = OverviewView['overdue'][number];
