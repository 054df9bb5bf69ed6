import { QueryTypes } from 'sequelize';
import type { Clock } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import type { OverdueItem, OverviewQuery, OverviewView } from './schemas.js';
import { STAGES, stageOf } from './stages.js';

export interface OverviewDeps {
  db: Database;
  clock: Clock;
}

const TREND_DAYS = 30;
const DEFAULT_ALERT_DAYS = 3;
/** The opening job starts at the deadline; a quarter of an hour later without it is worth a look. */
const OPENING_GRACE_MINUTES = 15;
/** Each list is for a screen, not an export: the longest first few hundred are enough. */
const LIST_LIMIT = 200;
const DAY_MS = 24 * 3600_000;
const SEVERITIES = ['critical', 'warning', 'info'] as const;

type Row = Record<string, unknown>;

/** Beijing is UTC+8 all year (no daylight saving): its dates are plain arithmetic. */
const BEIJING_OFFSET_MS = 8 * 3600_000;
const beijingDate = (at: Date) => new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** Start of a Beijing date as an instant (00:00 Beijing = 16:00Z the day before). */
const startOfBeijingDay = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`));
/** SQLite hands dates back as text, MySQL as Date; counts may come back as strings (SUM is DECIMAL). */
const instant = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();
const maybeInstant = (v: unknown) => (v === null || v === undefined ? null : instant(v));
const count = (v: unknown) => Number(v ?? 0);
const text = (v: unknown) => String(v ?? '');

/**
 * The supervisors' overview (GET /supervision/overview): a few aggregate queries over the tables of the
 * trading modules, read-only and bounded (GROUP BY counts, day buckets, lists capped at LIST_LIMIT), so it
 * stays cheap however many tenders and bids there are. It reads the tables directly rather than through each
 * module's API because those answer one tender at a time; it writes nothing.
 */
export class Overview {
  constructor(private readonly deps: OverviewDeps) {}

  async read(query: OverviewQuery = {}): Promise<OverviewView> {
    const now = this.deps.clock.now();
    const today = beijingDate(now);
    const alertDays = query.alertDays ?? DEFAULT_ALERT_DAYS;
    const [statuses, trend, openings, evaluations, alerts, overdue] = await Promise.all([
      this.statuses(),
      this.trend(today),
      this.openings(today),
      this.evaluations(today),
      this.alerts(),
      this.overdue(now, alertDays),
    ]);
    const stages = STAGES.map((stage) => ({
      stage,
      count: statuses.filter((s) => s.stage === stage).reduce((sum, s) => sum + s.count, 0),
    }));
    return {
      generatedAt: now.toISOString(),
      today,
      stages,
      statuses,
      trend,
      openings,
      evaluations,
      alerts,
      overdue,
      settings: { alertDays, openingGraceMinutes: OPENING_GRACE_MINUTES },
    };
  }

  private select(sql: string, replacements: Record<string, unknown> = {}): Promise<Row[]> {
    return this.deps.db.sequelize.query<Row>(sql, { replacements, type: QueryTypes.SELECT });
  }

  private async statuses(): Promise<OverviewView['statuses']> {
    const rows = await this.select('SELECT status, COUNT(*) AS n FROM tenders GROUP BY status');
    return rows
      .map((r) => ({ status: text(r.status), stage: stageOf(text(r.status)), count: count(r.n) }))
      .sort((a, b) => a.status.localeCompare(b.status));
  }

  /**
   * Per Beijing day, in one query per table: a SUM(CASE …) column per day over the window, portable SQL
   * (no dialect's date functions, which differ between SQLite and MySQL, and no time zone tables).
   */
  private async trend(today: string): Promise<OverviewView['trend']> {
    const dates = Array.from({ length: TREND_DAYS }, (_, i) => addDays(today, i - TREND_DAYS + 1));
    const bounds = [...dates, addDays(today, 1)].map(startOfBeijingDay);
    const replacements = Object.fromEntries(bounds.map((b, i) => [`b${i}`, b]));
    const perDay = async (table: string, column: string, only = '') => {
      const sums = dates
        .map((_, i) => `SUM(CASE WHEN ${column} < :b${i + 1} THEN 1 ELSE 0 END) AS d${i}`)
        .join(', ');
      const sql = `SELECT ${sums} FROM ${table} WHERE ${column} >= :b0 AND ${column} < :b${TREND_DAYS}${only}`;
      const [row = {}] = await this.select(sql, replacements);
      // Each column counts everything before its day's end: the day's own figure is the difference.
      return dates.map((_, i) => count(row[`d${i}`]) - (i === 0 ? 0 : count(row[`d${i - 1}`])));
    };
    const [tenders, bids, openings] = await Promise.all([
      perDay('tenders', 'published_at'),
      // A bid's first version, at its receipt time (the platform clock's, as every business time).
      perDay('bid_versions', 'received_at', ' AND version = 1'),
      perDay('openings', 'started_at'),
    ]);
    return dates.map((date, i) => ({
      date,
      tenders: tenders[i] ?? 0,
      bids: bids[i] ?? 0,
      openings: openings[i] ?? 0,
    }));
  }

  /** Openings due today (the bid deadline falls on it) or started today, with where each stands. */
  private async openings(today: string): Promise<OverviewView['openings']> {
    const rows = await this.select(
      `SELECT t.id, t.title, t.status, t.bid_deadline, o.status AS opening_status, o.result
         FROM tenders t LEFT JOIN openings o ON o.tender_id = t.id
        WHERE t.status NOT IN ('draft', 'cancelled')
          AND ((t.bid_deadline >= :from AND t.bid_deadline < :to)
            OR (o.started_at >= :from AND o.started_at < :to))
        ORDER BY t.bid_deadline, t.id
        LIMIT ${LIST_LIMIT}`,
      { from: startOfBeijingDay(today), to: startOfBeijingDay(addDays(today, 1)) },
    );
    return rows.map((r) => ({
      tenderId: text(r.id),
      tenderTitle: text(r.title),
      at: instant(r.bid_deadline),
      tenderStatus: text(r.status),
      openingStatus:
        r.opening_status === 'complete' ? 'complete' : r.opening_status ? 'collecting' : 'scheduled',
      result: r.result ? text(r.result) : null,
    }));
  }

  /** Evaluations running at some time today: started before its end, not concluded before its start. */
  private async evaluations(today: string): Promise<OverviewView['evaluations']> {
    const rows = await this.select(
      `SELECT e.tender_id, t.title, s.name AS section_name, e.step, e.started_at, e.scheduled_end_at,
              e.concluded_at
         FROM evaluations e
         JOIN tenders t ON t.id = e.tender_id
         JOIN tender_sections s ON s.id = e.section_id
        WHERE e.started_at < :to AND (e.concluded_at IS NULL OR e.concluded_at >= :from)
        ORDER BY e.started_at, e.id
        LIMIT ${LIST_LIMIT}`,
      { from: startOfBeijingDay(today), to: startOfBeijingDay(addDays(today, 1)) },
    );
    return rows.map((r) => ({
      tenderId: text(r.tender_id),
      tenderTitle: text(r.title),
      sectionName: text(r.section_name),
      step: text(r.step),
      startedAt: instant(r.started_at),
      scheduledEndAt: instant(r.scheduled_end_at),
      concludedAt: maybeInstant(r.concluded_at),
    }));
  }

  /** Alerts not resolved yet, by severity and by indicator (watchdogs' findings arrive as indicators too). */
  private async alerts(): Promise<OverviewView['alerts']> {
    const rows = await this.select(
      `SELECT severity, indicator, status, COUNT(*) AS n FROM supervision_alerts
        WHERE status <> 'resolved' GROUP BY severity, indicator, status`,
    );
    const tally = <K extends string>(keys: K[], keyOf: (r: Row) => K) =>
      keys.map((key) => {
        const mine = rows.filter((r) => keyOf(r) === key);
        const of = (status: string) =>
          mine.filter((r) => r.status === status).reduce((sum, r) => sum + count(r.n), 0);
        return { key, open: of('open'), acknowledged: of('acknowledged') };
      });
    const indicators = [...new Set(rows.map((r) => text(r.indicator)))].sort();
    return {
      bySeverity: tally([...SEVERITIES], (r) => r.severity as (typeof SEVERITIES)[number]).map(
        ({ key, ...n }) => ({ severity: key, ...n }),
      ),
      byIndicator: tally(indicators, (r) => text(r.indicator)).map(({ key, ...n }) => ({
        indicator: key,
        ...n,
      })),
    };
  }

  /**
   * What is late as the platform sees it now. Watchdogs (durable jobs) add their findings as alerts, which
   * show here once they wait too long and in the alert figures meanwhile.
   */
  private async overdue(now: Date, alertDays: number): Promise<OverdueItem[]> {
    const none = { sectionName: null, indicator: null, severity: null, alertId: null };
    const [notRun, overrun, evaluations, alerts] = await Promise.all([
      // Bidding ended (published or closed, not held by an objection) and no opening started.
      this.select(
        `SELECT t.id, t.title, t.bid_deadline AS due FROM tenders t
           LEFT JOIN openings o ON o.tender_id = t.id
          WHERE t.status IN ('published', 'bidding-closed') AND t.bid_deadline < :cut AND o.tender_id IS NULL
          ORDER BY t.bid_deadline LIMIT ${LIST_LIMIT}`,
        { cut: new Date(now.getTime() - OPENING_GRACE_MINUTES * 60_000) },
      ),
      // An opening still collecting key shares after its window closed.
      this.select(
        `SELECT t.id, t.title, o.window_ends_at AS due FROM openings o JOIN tenders t ON t.id = o.tender_id
          WHERE o.status = 'collecting' AND o.window_ends_at < :now
          ORDER BY o.window_ends_at LIMIT ${LIST_LIMIT}`,
        { now },
      ),
      this.select(
        `SELECT t.id, t.title, s.name AS section_name, e.scheduled_end_at AS due FROM evaluations e
           JOIN tenders t ON t.id = e.tender_id JOIN tender_sections s ON s.id = e.section_id
          WHERE e.concluded_at IS NULL AND e.scheduled_end_at < :now
          ORDER BY e.scheduled_end_at LIMIT ${LIST_LIMIT}`,
        { now },
      ),
      // Raised and not taken up by anyone for `alertDays` days.
      this.select(
        `SELECT a.id AS alert_id, t.id, t.title, s.name AS section_name, a.indicator, a.severity,
                a.raised_at AS due
           FROM supervision_alerts a JOIN tenders t ON t.id = a.tender_id
           LEFT JOIN tender_sections s ON s.id = a.section_id
          WHERE a.status = 'open' AND a.raised_at < :cut
          ORDER BY a.raised_at LIMIT ${LIST_LIMIT}`,
        { cut: new Date(now.getTime() - alertDays * DAY_MS) },
      ),
    ]);
    const item = (kind: OverdueItem['kind'], r: Row): OverdueItem => ({
      ...none,
      kind,
      tenderId: text(r.id),
      tenderTitle: text(r.title),
      dueAt: instant(r.due),
      sectionName: r.section_name ? text(r.section_name) : null,
    });
    return [
      ...notRun.map((r) => item('opening-not-run', r)),
      ...overrun.map((r) => item('opening-overrun', r)),
      ...evaluations.map((r) => item('evaluation-overrun', r)),
      ...alerts.map((r) => ({
        ...item('alert-unattended', r),
        indicator: text(r.indicator),
        severity: r.severity as OverdueItem['severity'],
        alertId: text(r.alert_id),
      })),
    ].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }
}
