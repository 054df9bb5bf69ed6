import { Op, literal, type Transaction } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { LeaderLease } from './lease.js';
import type { JobRow } from './models.js';
import { RunAgain, toJob, type JobContext, type JobQueue, type Registration } from './queue.js';

export interface RunnerOptions {
  /** This process, unique across nodes and restarts: hostname:pid:random (see processIdentity). */
  holder: string;
  /** The lease's name; runners sharing a name elect one leader. Default 'jobs'. */
  leaseName?: string;
  /** Default 10 s; renewed every tick, so the tick interval must be well below it. */
  leaseTtlMs?: number;
  /** Jobs run at once by the leader. Default 4. */
  concurrency?: number;
}

interface InFlight {
  attempt: number;
  lockMs: number;
  abort: AbortController;
  done: Promise<void>;
}

export class LostJobError extends Error {
  constructor(id: string) {
    super(`job ${id} is no longer held by this runner`);
    this.name = 'LostJobError';
  }
}

/** Short, single-line, no stack: what lastError keeps of a failure. */
const describe = (err: unknown) =>
  (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).replace(/\s+/g, ' ').slice(0, 500);

/**
 * Runs due jobs while, and only while, it holds the leader lease. Each tick renews the lease, extends the
 * locks of the jobs it is running (a heartbeat), and claims due jobs up to its concurrency; tests call
 * tick() by hand with a ManualClock, the server calls start().
 */
export class JobRunner {
  readonly lease: LeaderLease;
  private readonly inFlight = new Map<string, InFlight>();
  private leading = false;
  private ticking: Promise<unknown> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly concurrency: number;

  constructor(
    private readonly queue: JobQueue,
    private readonly deps: { db: Database; clock: Clock; log: Logger },
    readonly opts: RunnerOptions,
  ) {
    this.lease = new LeaderLease(
      queue.models,
      deps,
      opts.leaseName ?? 'jobs',
      opts.holder,
      opts.leaseTtlMs ?? 10_000,
    );
    this.concurrency = opts.concurrency ?? 4;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** One round: lease, heartbeat, claim and start due jobs. Resolves once they are started, not finished. */
  async tick(): Promise<{ leader: boolean; started: string[] }> {
    if (this.stopping && this.inFlight.size === 0) return { leader: false, started: [] };
    const leader = await this.lease.hold().catch((err: unknown) => {
      this.deps.log.error({ err: describe(err), holder: this.opts.holder }, 'job lease check failed');
      return false;
    });
    const gained = leader && !this.leading;
    if (leader !== this.leading) {
      this.deps.log.info(
        { holder: this.opts.holder, leader },
        leader ? 'leading the job runner' : 'no longer leading',
      );
      this.leading = leader;
    }
    if (!leader) {
      for (const run of this.inFlight.values()) run.abort.abort(new Error('leadership lost'));
      return { leader, started: [] };
    }
    if (gained && !this.stopping) await this.takeOverOrphans();
    await this.heartbeat();
    if (this.stopping) return { leader, started: [] };
    const started: string[] = [];
    const free = this.concurrency - this.inFlight.size;
    if (free > 0 && this.queue.kinds().length > 0) {
      for (const { row, reg } of await this.claim(free)) {
        started.push(row.id);
        this.launch(row, reg);
      }
    }
    return { leader, started };
  }

  /** Resolves when every job started so far has finished. */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight.values()].map((r) => r.done));
  }

  /** Ticks every intervalMs; ticks never overlap. */
  start(intervalMs: number): void {
    const tick = () => {
      if (this.ticking) return;
      this.ticking = this.tick()
        .catch((err: unknown) => this.deps.log.error({ err: describe(err) }, 'job runner tick failed'))
        .finally(() => (this.ticking = undefined));
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    tick();
  }

  /**
   * Graceful stop: no new claims, the running jobs finish, the lease is given up for the next node. While they
   * finish, the ticks go on renewing the lease and the jobs' locks (and nothing else): a long job would
   * otherwise look abandoned and be taken over by the next leader while this node still runs it.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.ticking;
    await this.drain();
    clearInterval(this.timer);
    await this.ticking;
    if (this.leading) await this.lease.release().catch(() => undefined);
    this.leading = false;
  }

  /**
   * Only the leader runs jobs, so a job still running under another runner's name when this one has just
   * taken the lease belongs to a runner that died or lost its lease (which aborts its jobs at its next tick).
   * Its lock is ended now, and the claim below takes the job over in this tick, instead of after the rest of
   * the lock (a minute by default) as it would for a lock that merely lapsed.
   */
  private async takeOverOrphans(): Promise<void> {
    const { Job } = this.queue.models;
    const [orphans] = await this.deps.db.transaction((t) =>
      Job.update(
        { lockedUntil: new Date(this.deps.clock.now().getTime() - 1) },
        {
          where: { status: 'running', lockedBy: { [Op.ne]: this.opts.holder }, kind: this.queue.kinds() },
          transaction: t,
        },
      ),
    );
    if (orphans > 0)
      this.deps.log.warn({ holder: this.opts.holder, orphans }, 'leading now: taking over orphaned jobs');
  }

  private async heartbeat(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    for (const [id, run] of this.inFlight) {
      const [kept] = await this.deps.db.transaction((t) =>
        this.queue.models.Job.update(
          // heartbeats + 1: the row always changes, so MySQL counts it even in the same millisecond.
          {
            lockedUntil: new Date(now + run.lockMs),
            heartbeats: literal('heartbeats + 1') as unknown as number,
          },
          { where: this.ownership(id, run.attempt), transaction: t },
        ),
      );
      if (kept === 0) run.abort.abort(new LostJobError(id));
    }
  }

  private ownership(id: string, attempt: number) {
    return { id, status: 'running' as const, lockedBy: this.opts.holder, attempts: attempt };
  }

  /** Due jobs of the kinds registered here: pending ones whose time has come, and running ones whose runner died. */
  private claim(limit: number): Promise<{ row: JobRow; reg: Registration }[]> {
    const { Job } = this.queue.models;
    return this.deps.db.transaction(async (t) => {
      const now = this.deps.clock.now();
      const due = await Job.findAll({
        where: {
          kind: this.queue.kinds(),
          id: { [Op.notIn]: [...this.inFlight.keys(), ''] },
          [Op.or]: [
            { status: 'pending', runAt: { [Op.lte]: now } },
            { status: 'running', lockedUntil: { [Op.lt]: now } },
          ],
        },
        order: [
          ['runAt', 'ASC'],
          ['id', 'ASC'],
        ],
        limit,
        transaction: t,
      });
      const claimed: { row: JobRow; reg: Registration }[] = [];
      for (const row of due) {
        const reg = this.queue.registration(row.kind);
        if (!reg) continue;
        const lapsed = row.status === 'running';
        if (lapsed)
          this.deps.log.warn(
            { job: row.id, kind: row.kind, was: row.lockedBy },
            'job lock lapsed; taking it over',
          );
        const attempt = row.attempts + 1;
        const out = lapsed && row.attempts >= reg.maxAttempts;
        const lastError = lapsed
          ? `runner ${row.lockedBy ?? '?'} stopped during attempt ${row.attempts}`
          : row.lastError;
        const changes = out
          ? { status: 'failed' as const, lockedBy: null, lockedUntil: null, lastError }
          : {
              status: 'running' as const,
              attempts: attempt,
              lockedBy: this.opts.holder,
              lockedUntil: new Date(now.getTime() + reg.lockMs),
              lastError,
            };
        // Compare-and-set on what was read: another runner that got there first makes this a no-op.
        const [won] = await Job.update(changes, {
          where: { id: row.id, status: row.status, attempts: row.attempts },
          transaction: t,
        });
        if (won !== 1) continue;
        if (out)
          this.deps.log.error(
            { job: row.id, kind: row.kind, key: row.key, lastError },
            'job failed: out of attempts',
          );
        else claimed.push({ row: Object.assign(row, changes), reg });
      }
      return claimed;
    });
  }

  private launch(row: JobRow, reg: Registration): void {
    const abort = new AbortController();
    const run: InFlight = { attempt: row.attempts, lockMs: reg.lockMs, abort, done: Promise.resolve() };
    run.done = this.execute(row, reg, run).finally(() => this.inFlight.delete(row.id));
    this.inFlight.set(row.id, run);
  }

  private async execute(row: JobRow, reg: Registration, run: InFlight): Promise<void> {
    const { log, clock, db } = this.deps;
    const { Job } = this.queue.models;
    const owned = this.ownership(row.id, run.attempt);
    let completedInHandler = false;
    const ctx: JobContext = {
      clock,
      log: log.child({ job: row.id, kind: row.kind, key: row.key, attempt: run.attempt }),
      attempt: run.attempt,
      signal: run.abort.signal,
      complete: async (t: Transaction, result?: unknown) => {
        const mine = await Job.findOne({ where: owned, transaction: t, lock: t.LOCK.UPDATE });
        if (!mine) throw new LostJobError(row.id);
        await mine.update(
          {
            status: 'done',
            result: JSON.stringify(result ?? null),
            lockedBy: null,
            lockedUntil: null,
            lastError: null,
          },
          { transaction: t },
        );
        t.afterCommit(() => {
          completedInHandler = true;
        });
      },
    };
    let changes: Partial<JobRow>;
    try {
      const out = await reg.handler(toJob(row), ctx);
      if (completedInHandler) return;
      changes =
        out instanceof RunAgain
          ? { status: 'pending', runAt: out.at, attempts: 0, lastError: null }
          : { status: 'done', result: JSON.stringify(out ?? null), lastError: null };
    } catch (err) {
      const lastError = describe(err);
      const out = run.attempt >= reg.maxAttempts;
      const runAt = new Date(clock.now().getTime() + reg.backoffMs(run.attempt));
      changes = out ? { status: 'failed', lastError } : { status: 'pending', runAt, lastError };
      if (out)
        log.error({ job: row.id, kind: row.kind, key: row.key, lastError }, 'job failed: out of attempts');
      else
        log.warn(
          { job: row.id, kind: row.kind, attempt: run.attempt, lastError, runAt },
          'job failed; will retry',
        );
    }
    try {
      const [kept] = await db.transaction((t) =>
        Job.update({ ...changes, lockedBy: null, lockedUntil: null }, { where: owned, transaction: t }),
      );
      if (kept === 0)
        log.warn({ job: row.id, kind: row.kind }, 'job finished after its lock passed to another runner');
    } catch (err) {
      // The lock lapses and the job runs again: handlers are idempotent, so that is safe.
      log.error({ job: row.id, err: describe(err) }, 'could not record the end of a job');
    }
  }
}
