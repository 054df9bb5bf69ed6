import type { Database } from '../../../platform/db/database.js';
import type { AnyEnvelope, EventBus, EventName } from '../../../platform/events.js';
import type { Job, JobContext, JobQueue } from '../../../platform/jobs/index.js';
import type { AlertRaiser } from '../alerts.js';
import type { AnyWatchdog, CheckPayload, Watchdog, WatchdogKind, WatchdogSettings } from './kinds.js';
import type { WatchdogReads } from './ports.js';

/** The watchdogs' cursor in the event stream (event_cursors): keep the name, or they replan from the start. */
export const WATCHDOGS_CONSUMER = 'supervision-watchdogs';

/** The durable job kind of one watchdog's checks. */
export const watchdogJobKind = (kind: WatchdogKind) => `watchdog.${kind}`;

export interface WatchdogDeps {
  db: Database;
  events: EventBus;
  jobs: JobQueue;
}

/**
 * Runs the watchdogs on durable jobs. A durable consumer of the stream schedules each check when its
 * triggering event arrives, in the transaction that moves the cursor (so a check exists exactly when its
 * event was read, and one (kind, key) is one job however often the event is replayed). At its due time the
 * job reads the real state and raises what it finds through the AlertRaiser, in the transaction that marks
 * the job done: each due item is checked once, and a finding met again raises nothing (its fingerprint).
 */
export class Watchdogs {
  constructor(
    private readonly list: readonly AnyWatchdog[],
    private readonly reads: WatchdogReads,
    private readonly raiser: AlertRaiser,
    private readonly settings: WatchdogSettings,
    private readonly deps: WatchdogDeps,
  ) {}

  /** Registers the consumer and one job handler per watchdog; once, in the module's `create`. */
  register(): void {
    const types = [...new Set(this.list.flatMap((w) => w.triggers))] as EventName[];
    this.deps.events.consume(WATCHDOGS_CONSUMER, (t, event) => this.plan(t, event), { types });
    for (const watchdog of this.list as readonly Watchdog[]) {
      this.deps.jobs.register<CheckPayload>(watchdogJobKind(watchdog.kind), (job, ctx) =>
        this.check(watchdog, job, ctx),
      );
    }
  }

  /** Plans every check not planned yet, now (tests; the consumer also runs by itself). */
  idle(): Promise<void> {
    return this.deps.events.consumers.drain(WATCHDOGS_CONSUMER);
  }

  /** The consumer's handler: the checks an event starts, scheduled in its transaction. */
  async plan(t: Parameters<JobQueue['schedule']>[0], event: AnyEnvelope): Promise<void> {
    // Every read first, then the writes: the reads run outside `t` and must not wait on its writes.
    const plans = [];
    for (const watchdog of this.list as readonly Watchdog[]) {
      if (!watchdog.triggers.includes(event.type)) continue;
      for (const plan of await watchdog.plan(event, this.reads, this.settings))
        plans.push({ kind: watchdogJobKind(watchdog.kind), ...plan });
    }
    for (const plan of plans) await this.deps.jobs.schedule(t, plan);
  }

  /** A job's handler: the check at its due time, its alerts raised with the job's completion. */
  private async check(watchdog: Watchdog, job: Job<CheckPayload>, ctx: JobContext) {
    const findings = await watchdog.check(job.payload, this.reads, ctx.clock.now(), this.settings);
    await this.deps.db.transaction(async (t) => {
      let raised = 0;
      for (const finding of findings) {
        if (await this.raiser.raise(t, job.payload.tenderId, finding, job.payload.seq)) raised += 1;
      }
      await ctx.complete(t, { findings: findings.length, raised });
    });
  }
}
