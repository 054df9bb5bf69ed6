import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { JobModels, JobRow, JobStatus } from './models.js';

/** A job as handlers and callers see it: payload and result parsed. */
export interface Job<P = unknown> {
  id: string;
  kind: string;
  key: string;
  runAt: Date;
  status: JobStatus;
  attempts: number;
  lastError: string | null;
  payload: P;
  result: unknown;
}

export interface ScheduleRequest<P> {
  kind: string;
  key: string;
  runAt: Date;
  payload?: P;
}

/** What a handler gets besides its job. */
export interface JobContext {
  clock: Clock;
  log: Logger;
  /** 1 for the first run; a run after a failure or a dead runner counts up. */
  attempt: number;
  /** Aborted when this runner loses the job (its lock passed to another runner) or leadership. */
  signal: AbortSignal;
  /**
   * Marks the job done inside the handler's own transaction, after checking this run still owns it; if
   * it does not (the lock passed to another runner), it throws and the transaction rolls back. Work and
   * completion then commit together: the strongest form of exactly once.
   */
  complete(t: Transaction, result?: unknown): Promise<void>;
}

/** Returned by a handler that has more to do later (e.g. an opening waiting for key shares). */
export class RunAgain {
  constructor(readonly at: Date) {}
}
export const runAgainAt = (at: Date) => new RunAgain(at);

export type JobHandler<P = unknown> = (job: Job<P>, ctx: JobContext) => Promise<unknown>;

export interface HandlerOptions {
  /** Runs (failures and dead runners both count) before the job is marked failed. Default 5. */
  maxAttempts?: number;
  /** How long a claimed job stays locked without a heartbeat before another runner may take it. Default 60 s. */
  lockMs?: number;
  /** Wait before run n+1 after failed run n. Default 5 s × 2^(n-1), at most 10 minutes. */
  backoffMs?: (attempt: number) => number;
}

export interface Registration {
  handler: JobHandler;
  maxAttempts: number;
  lockMs: number;
  backoffMs: (attempt: number) => number;
}

const KIND = /^[a-z][a-z0-9.-]{0,39}$/;
const MAX_PAYLOAD = 64 * 1024;
const defaultBackoff = (attempt: number) => Math.min(5_000 * 2 ** (attempt - 1), 600_000);

export function toJob<P>(row: JobRow): Job<P> {
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    runAt: row.runAt,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    payload: JSON.parse(row.payload) as P,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
  };
}

/** The jobs kept in the database, and the handlers this process has for each kind. */
export class JobQueue {
  private readonly registry = new Map<string, Registration>();

  constructor(readonly models: JobModels) {}

  /** A process runs only the kinds it registered; a kind is registered once. */
  register<P>(kind: string, handler: JobHandler<P>, opts: HandlerOptions = {}): void {
    if (!KIND.test(kind)) throw new Error(`job kind ${JSON.stringify(kind)} is not a short lower-case name`);
    if (this.registry.has(kind)) throw new Error(`job kind ${kind} already has a handler`);
    this.registry.set(kind, {
      handler: handler as JobHandler,
      maxAttempts: opts.maxAttempts ?? 5,
      lockMs: opts.lockMs ?? 60_000,
      backoffMs: opts.backoffMs ?? defaultBackoff,
    });
  }

  registration(kind: string): Registration | undefined {
    return this.registry.get(kind);
  }

  kinds(): string[] {
    return [...this.registry.keys()];
  }

  /**
   * Schedules (kind, key) at runAt in the caller's transaction, so the job exists exactly when the caller's
   * change commits. Idempotent: a pending, cancelled or failed job is moved to the new time and payload (a
   * failed one starts its attempts afresh); a running or done job is left alone and returned as it is.
   * Two transactions first-scheduling the same (kind, key) at the same moment may deadlock on MySQL (gap
   * locks); callers schedule under their own row lock (e.g. the tender's), which serialises them anyway.
   */
  async schedule<P>(t: Transaction, req: ScheduleRequest<P>): Promise<Job<P>> {
    if (!KIND.test(req.kind))
      throw new Error(`job kind ${JSON.stringify(req.kind)} is not a short lower-case name`);
    if (req.key.length < 1 || req.key.length > 100) throw new Error('job key must be 1-100 characters');
    if (Number.isNaN(req.runAt.getTime())) throw new Error('job runAt is not a valid time');
    const payload = JSON.stringify(req.payload ?? null);
    if (payload.length > MAX_PAYLOAD) throw new Error(`job payload is over ${MAX_PAYLOAD} characters`);
    const { Job } = this.models;
    const existing = await Job.findOne({
      where: { kind: req.kind, key: req.key },
      transaction: t,
      lock: t.LOCK.UPDATE,
    });
    if (!existing) {
      const row = await Job.create(
        {
          id: randomUUID(),
          kind: req.kind,
          key: req.key,
          runAt: req.runAt,
          status: 'pending',
          attempts: 0,
          lastError: null,
          lockedBy: null,
          lockedUntil: null,
          payload,
          result: null,
        },
        { transaction: t },
      );
      return toJob<P>(row);
    }
    if (existing.status === 'running' || existing.status === 'done') return toJob<P>(existing);
    const restart = existing.status !== 'pending';
    await existing.update(
      { runAt: req.runAt, payload, status: 'pending', ...(restart && { attempts: 0, lastError: null }) },
      { transaction: t },
    );
    return toJob<P>(existing);
  }

  /** Cancels a pending job in the caller's transaction; false when there is none (or it already ran). */
  async cancel(t: Transaction, kind: string, key: string): Promise<boolean> {
    const [cancelled] = await this.models.Job.update(
      { status: 'cancelled' },
      { where: { kind, key, status: 'pending' }, transaction: t },
    );
    return cancelled > 0;
  }

  async find<P = unknown>(kind: string, key: string, t?: Transaction): Promise<Job<P> | undefined> {
    const row = await this.models.Job.findOne({ where: { kind, key }, transaction: t });
    return row ? toJob<P>(row) : undefined;
  }
}
