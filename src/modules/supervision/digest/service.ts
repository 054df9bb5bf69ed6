import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../../../platform/audit/audit-log.js';
import type { RequestContext } from '../../../platform/auth/roles.js';
import type { Clock } from '../../../platform/clock.js';
import { notFound } from '../../../platform/errors.js';
import type { EventBus } from '../../../platform/events.js';
import type { Job, JobContext, JobQueue } from '../../../platform/jobs/index.js';
import type { Logger } from '../../../platform/logger.js';
import type { SupervisionModels } from '../models.js';
import { composeAt, isCalendarDate, nextDate, upcomingDigestDate } from './dates.js';
import './events.js';
import { composeFigures, type FigureDeps } from './figures.js';
import type { DigestModels, SupervisionDigest } from './models.js';
import type { DigestFigures, DigestView } from './schemas.js';

/** The durable job that composes one day's digest; its key is the Beijing date it covers. */
export const DIGEST_JOB = 'supervision.digest';
/** The most digests one list answers with, newest first. */
const LIST_LIMIT = 90;

export interface DigestDeps extends FigureDeps {
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  jobs: JobQueue;
  log?: Logger;
}

const composing = (date: string): RequestContext => ({
  actor: null,
  ip: 'system',
  requestId: `supervision-digest:${date}`,
});

const toView = (d: SupervisionDigest): DigestView => ({
  date: d.digestDate,
  composedAt: d.composedAt.toISOString(),
  figures: JSON.parse(d.figures) as DigestFigures,
});

/**
 * The supervisors' daily digest: at 08:00 Beijing a durable job composes the day before and stores it, once
 * per date (the date is unique and the job completes in the digest's transaction), then schedules the next
 * day's in the same transaction, so the chain never breaks and a server down over several mornings
 * catches up day by day on restart. `ensureScheduled` (a periodic task) starts the chain on a new platform.
 */
export class DigestService {
  private ensured: string | undefined;

  constructor(
    private readonly models: SupervisionModels & DigestModels,
    private readonly deps: DigestDeps,
  ) {}

  register(): void {
    this.deps.jobs.register<null>(DIGEST_JOB, (job, ctx) => this.run(job, ctx));
  }

  /** Schedules the next morning's digest if this process has not yet (idempotent: one job per date). */
  async ensureScheduled(): Promise<number> {
    const date = upcomingDigestDate(this.deps.clock.now());
    if (this.ensured === date) return 0;
    await this.deps.db.transaction((t) =>
      this.deps.jobs.schedule(t, { kind: DIGEST_JOB, key: date, runAt: composeAt(date) }),
    );
    this.ensured = date;
    return 0;
  }

  async list(): Promise<{ items: ReturnType<typeof summaryOf>[] }> {
    const rows = await this.models.SupervisionDigest.findAll({
      order: [['digestDate', 'DESC']],
      limit: LIST_LIMIT,
    });
    return { items: rows.map(summaryOf) };
  }

  async get(date: string): Promise<DigestView> {
    const row = isCalendarDate(date)
      ? await this.models.SupervisionDigest.findOne({ where: { digestDate: date } })
      : null;
    if (!row) throw notFound('Digest');
    return toView(row);
  }

  /** The job: the day's figures read first, then stored with the event, the audit entry and the next job. */
  private async run(job: Job<null>, ctx: JobContext): Promise<void> {
    const date = job.key;
    const { SupervisionDigest } = this.models;
    const figures = await composeFigures(date, this.models, this.deps);
    await this.deps.db.transaction(async (t) => {
      const existing = await SupervisionDigest.findOne({ where: { digestDate: date }, transaction: t });
      if (!existing) {
        await SupervisionDigest.create(
          {
            id: randomUUID(),
            digestDate: date,
            figures: JSON.stringify(figures),
            composedAt: ctx.clock.now(),
          },
          { transaction: t },
        );
        const origin = composing(date);
        const alertsRaised = figures.alerts.raised.reduce((n, c) => n + c.count, 0);
        await this.deps.audit.append(t, origin, {
          action: 'supervision.digest-compose',
          subject: `supervision-digest:${date}`,
          data: { alertsRaised, staleOpen: figures.staleOpen.count },
        });
        await this.deps.events.emit(t, origin, 'supervision.digest-ready', {
          date,
          alertsRaised,
          staleOpen: figures.staleOpen.count,
        });
      }
      const next = nextDate(date);
      await this.deps.jobs.schedule(t, { kind: DIGEST_JOB, key: next, runAt: composeAt(next) });
      await ctx.complete(t, { date });
    });
  }
}

function summaryOf(d: SupervisionDigest) {
  const f = JSON.parse(d.figures) as DigestFigures;
  return {
    date: d.digestDate,
    composedAt: d.composedAt.toISOString(),
    alertsRaised: f.alerts.raised.reduce((n, c) => n + c.count, 0),
    staleOpen: f.staleOpen.count,
    watchdogFindings: f.watchdogFindings.count,
    openings: f.openings.count,
    evaluations: f.evaluations.started + f.evaluations.concluded,
  };
}
