/**
 * The durable scheduler: deadline work (an opening at a tender's deadline, and the like) kept as rows in
 * the `jobs` table, run by the one node that holds the `jobs` lease in the `leases` table.
 *
 * Guarantees
 * - Durable: a job is scheduled inside the caller's transaction, so it exists exactly when the caller's
 *   change commits, and it survives restarts; nothing lives only in a timer.
 * - On time, never early: a job runs when runAt <= clock.now() (to the millisecond), on the first tick
 *   after that (the server ticks every 500 ms).
 * - Idempotent scheduling: one job per (kind, key). Scheduling again moves a pending job; a job that ran
 *   (done) never runs again; a running one is left alone.
 * - One leader: only the runner holding the lease (compare-and-set on the lease row, TTL renewed every
 *   tick) claims jobs, and each claim is itself a compare-and-set on the job row, so even two nodes that
 *   both believed they lead could not both claim one run.
 * - At least once, and exactly once for transactional handlers: a claimed job is locked (lockedUntil,
 *   extended every tick while it runs); if its runner dies, the lock lapses and the next leader runs it
 *   again, as the next attempt. So handlers MUST be idempotent and resumable: read what is already done
 *   and carry on from there. A handler whose effect is one transaction calls ctx.complete(t, result) in it:
 *   the work and the job's completion then commit together or not at all, which is exactly once.
 * - Failures: a throwing handler is retried with backoff (5 s, 10 s, 20 s, ...) up to maxAttempts, then
 *   the job is 'failed' with a one-line lastError (no stack) and an error in the log; scheduling it again
 *   restarts it. A handler may return runAgainAt(time) to continue later (e.g. while waiting for shares).
 * - Graceful stop awaits the running jobs and gives up the lease, so the next node takes over at once.
 *
 * Use (the opening module, for example):
 *   platform.jobs.register<{ tenderId: string }>('opening', (job, ctx) => openings.run(job.payload.tenderId, ctx));
 *   await platform.jobs.schedule(t, { kind: 'opening', key: tender.id, runAt: tender.bidDeadline,
 *                                     payload: { tenderId: tender.id } });
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

export { initJobModels, type JobModels, type JobStatus } from './models.js';
export { LeaderLease } from './lease.js';
export {
  JobQueue,
  RunAgain,
  runAgainAt,
  type HandlerOptions,
  type Job,
  type JobContext,
  type JobHandler,
  type ScheduleRequest,
} from './queue.js';
export { JobRunner, LostJobError, type RunnerOptions } from './runner.js';

/** hostname:pid:random — unique per process, and still telling an operator which process it is. */
export const processIdentity = () =>
  `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`.slice(0, 100);
