import type { Transaction } from 'sequelize';
import type { RequestContext } from '../../platform/auth/roles.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import type { EvaluationLog } from './log.js';
import type { EvaluationModels } from './models.js';
import type { EvaluationResult } from './ranking.js';

/** The supervisory instruction that orders the re-evaluation (its number, JG-…) and why. */
export interface ReopenOrder {
  instruction: string;
  reason: string;
}

export interface ReopenedEvaluation {
  evaluationId: string;
  tenderId: string;
  sectionId: string;
  seq: number;
}

/**
 * 责令重新评审: a supervisor who finds errors in a concluded evaluation orders the same committee to score again.
 * The evaluation goes back to `scoring` with its members, bids and sheets as they are (members correct their
 * sheets with a GP87 Art.64 reason, each a new signed version beside the old); the frozen result is cleared
 * from the evaluation and kept whole in the `reopened` log entry, so the superseded report stays readable in
 * the timeline. Leaving scoring and ranking again concludes anew (`evaluation.concluded` again).
 */
export class Reopening {
  constructor(
    private readonly models: EvaluationModels,
    private readonly deps: { db: Database; timeline: EvaluationLog; events: EventBus },
  ) {}

  /**
   * In the caller's transaction when given (the instruction and the reopening commit together), else its own.
   * 404 for an unknown evaluation, 409 EVALUATION_NOT_CONCLUDED for one still running.
   */
  reopen(
    ctx: RequestContext,
    evaluationId: string,
    order: ReopenOrder,
    t?: Transaction,
  ): Promise<ReopenedEvaluation> {
    const work = async (tx: Transaction): Promise<ReopenedEvaluation> => {
      const evaluation = await this.models.Evaluation.findByPk(evaluationId, {
        transaction: tx,
        lock: tx.LOCK.UPDATE,
      });
      if (!evaluation) throw notFound('Evaluation');
      if (evaluation.step !== 'concluded')
        throw conflict(
          'EVALUATION_NOT_CONCLUDED',
          `Only a concluded evaluation can be re-evaluated; this one is in ${evaluation.step}`,
          { step: evaluation.step },
        );
      const previous = evaluation.result ? (JSON.parse(evaluation.result) as EvaluationResult) : null;
      evaluation.set({ step: 'scoring', result: null, concludedAt: null });
      const entry = await this.deps.timeline.appendIn(tx, ctx, evaluation, {
        kind: 'reopened',
        data: {
          from: 'concluded',
          to: 'scoring',
          instruction: order.instruction,
          reason: order.reason,
          superseded: previous,
        },
      });
      await this.deps.events.emit(tx, ctx, 'evaluation.reopened', {
        tenderId: evaluation.tenderId,
        sectionId: evaluation.sectionId,
        evaluationId: evaluation.id,
        instruction: order.instruction,
      });
      return {
        evaluationId: evaluation.id,
        tenderId: evaluation.tenderId,
        sectionId: evaluation.sectionId,
        seq: entry.seq,
      };
    };
    return t ? work(t) : this.deps.db.transaction(work);
  }

  /** Which tender an evaluation belongs to, and where it stands (404 if unknown): read before ordering. */
  async standing(evaluationId: string): Promise<{ tenderId: string; step: string }> {
    const evaluation = await this.models.Evaluation.findByPk(evaluationId, {
      attributes: ['tenderId', 'step'],
    });
    if (!evaluation) throw notFound('Evaluation');
    return { tenderId: evaluation.tenderId, step: evaluation.step };
  }
}
