import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { EventOrigin } from '../../platform/events.js';
import type { Logger } from '../../platform/logger.js';
import type { Evaluation, EvaluationLogEntry, EvaluationModels } from './models.js';

export type StepWork = (t: Transaction, evaluation: Evaluation) => Promise<{ data: Record<string, unknown> }>;
export type LogListener = (entry: EvaluationLogEntry, evaluation: Evaluation) => void;
export interface StepResult {
  seq: number;
  replayed: boolean;
}

export interface EvaluationLogDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  log?: Logger;
  /** Supervisory holds (监督暂停): every step of a held tender's evaluation is refused until lifted. */
  holds?: { assertNotHeld(tenderId: string, t?: Transaction): Promise<void> };
}

/**
 * The evaluation's numbered timeline and the one way a step changes an evaluation: one transaction with the
 * evaluation row locked (which orders every writer of the evaluation, on any node), the step's work, its
 * audit entry and its log entry numbered lastSeq + 1. A client's event id makes a retry return the first
 * answer without doing the work again. Listeners (the gateway) hear of an entry only after it committed.
 */
export class EvaluationLog {
  private readonly listeners = new Set<LogListener>();

  constructor(
    private readonly models: EvaluationModels,
    private readonly deps: EvaluationLogDeps,
  ) {}

  onLogged(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  step(
    ctx: RequestContext,
    evaluationId: string,
    eventId: string | null,
    kind: string,
    work: StepWork,
  ): Promise<StepResult> {
    return this.deps.db.transaction(async (t) => {
      const evaluation = await this.models.Evaluation.findByPk(evaluationId, {
        transaction: t,
        lock: t.LOCK.UPDATE,
      });
      if (!evaluation) throw notFound('Evaluation');
      if (eventId !== null) {
        // Under the evaluation's lock: a retry racing its first attempt finds it here, never a second entry.
        const earlier = await this.models.EvaluationLogEntry.findOne({
          where: { evaluationId, eventId },
          transaction: t,
        });
        if (earlier) {
          if (earlier.actorUserId === (ctx.actor?.userId ?? null) && earlier.kind === kind) {
            const answer = earlier.answer ? (JSON.parse(earlier.answer) as { seq: number }) : null;
            return { seq: answer?.seq ?? earlier.seq, replayed: true };
          }
          // Someone else's id: the caller learns only what their standing allows (a stranger gets 404).
          await work(t, evaluation);
          throw conflict('EVENT_ID_REUSED', 'This event id was already used for another step');
        }
      }
      // The one way a step changes an evaluation, so the one place a supervisor's hold stops them all; the
      // supervisors' own steps (and replays above, which change nothing) still pass.
      if (ctx.actor && ctx.actor.role !== 'supervisor')
        await this.deps.holds?.assertNotHeld(evaluation.tenderId, t);
      const { data } = await work(t, evaluation);
      const entry = await this.appendIn(t, ctx, evaluation, { eventId, kind, data });
      return { seq: entry.seq, replayed: false };
    });
  }

  /**
   * Writes a log entry in the caller's transaction, the evaluation row already locked by it (the creation
   * consumer, and `step`). A person's step is audited as theirs; a step derived from another module's event
   * (a replacement expert seated) as the platform's, from the event's address.
   */
  async appendIn(
    t: Transaction,
    origin: RequestContext | EventOrigin,
    evaluation: Evaluation,
    entry: { eventId?: string | null; kind: string; data: Record<string, unknown> },
  ): Promise<EvaluationLogEntry> {
    const seq = evaluation.lastSeq + 1;
    const actor = origin.actor;
    const eventId = entry.eventId ?? null;
    const row = await this.models.EvaluationLogEntry.create(
      {
        id: randomUUID(),
        evaluationId: evaluation.id,
        seq,
        eventId,
        kind: entry.kind,
        actorUserId: actor?.userId ?? null,
        actorName: nameOf(actor)?.slice(0, 200) ?? null,
        actorRole: actor?.role ?? (actor ? null : 'system'),
        ip: origin.ip.slice(0, 64),
        at: this.deps.clock.now(),
        data: JSON.stringify(entry.data),
        answer: eventId !== null ? JSON.stringify({ seq }) : null,
      },
      { transaction: t },
    );
    evaluation.set({ lastSeq: seq });
    await evaluation.save({ transaction: t });
    await this.deps.audit.append(
      t,
      isRequest(origin) ? origin : { actor: null, ip: origin.ip, requestId: origin.requestId },
      {
        action: `evaluation.${entry.kind}`,
        subject: `evaluation:${evaluation.id}`,
        data: { seq, ...(eventId !== null && { eventId }), ...entry.data },
      },
    );
    t.afterCommit(() => {
      for (const listener of this.listeners) {
        try {
          listener(row, evaluation);
        } catch (err) {
          this.deps.log?.error({ err, evaluationId: evaluation.id }, 'evaluation log listener failed');
        }
      }
    });
    return row;
  }
}

/** A person's name as their request or their event's envelope gives it. */
function nameOf(actor: RequestContext['actor'] | EventOrigin['actor']): string | null {
  if (!actor) return null;
  if (actor.displayName !== undefined) return actor.displayName;
  return 'name' in actor && typeof actor.name === 'string' ? actor.name : null;
}

/** A person's request (audited as theirs), or an event's envelope (a step the platform derived from it). */
function isRequest(origin: RequestContext | EventOrigin): origin is RequestContext {
  return origin.actor === null ? !('seq' in origin) : 'sessionId' in origin.actor;
}
